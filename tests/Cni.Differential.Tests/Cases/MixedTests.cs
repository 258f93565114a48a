using Cni.Differential.Tests.Harness;
using Xunit;

namespace Cni.Differential.Tests.Cases;

/// <summary>
/// What makes a swap safe with pods running: one implementation's attachment removed by the other (nothing may be
/// left), and host-local reservations shared by both on one network.
/// </summary>
[Trait("Category", "Differential")]
public partial class MixedTests
{
    private const string Bridge = """{"cniVersion":"1.0.0","name":"mixnet","type":"bridge","bridge":"cnidbr0","isGateway":true,"ipMasq":true,"ipam":{"type":"host-local","dataDir":"{dataDir}","ranges":[[{"subnet":"198.18.70.0/24"}],[{"subnet":"fd00:70::/64"}]]}}""";
    private const string Ptp = """{"cniVersion":"0.4.0","name":"mixnet","type":"ptp","ipMasq":true,"ipam":{"type":"host-local","dataDir":"{dataDir}","ranges":[[{"subnet":"198.18.71.0/24"}]]}}""";

    /// <summary>State before the ADD (bridge and lock files aside, which stay by design) equals the state after the other's DEL.</summary>
    private static void AddThenDel(string name, string plugin, string conf, Impl adder, Impl deleter, Action<World>? setup = null)
    {
        PluginDirs.Require(plugin);
        using var w = new World(adder, name, Guid.NewGuid().ToString("N")[..6], new HashSet<string>());
        setup?.Invoke(w);
        var ctr = w.Container();
        var before = Strip(w.Observe("state"));
        var add = w.Exec("ADD", plugin, "ADD", conf, ctr, impl: adder).Ok();
        var withPrev = System.Text.Json.Nodes.JsonNode.Parse(w.Substitute(conf))!.AsObject();
        withPrev["prevResult"] = System.Text.Json.Nodes.JsonNode.Parse(add.Stdout);
        w.Exec("CHECK by the other", plugin, "CHECK", withPrev.ToJsonString(), ctr, impl: deleter).Ok();
        w.Exec("DEL by the other", plugin, "DEL", conf, ctr, impl: deleter).Ok();
        var after = Strip(w.Observe("state"));
        SideBySide.Compare(name, before, after, []);
    }

    /// <summary>Leaves out what an ADD+DEL leaves by design in both implementations: the bridge, host-local's lock and last-reserved files.</summary>
    internal static List<string> Strip(List<string> lines) => [.. lines.Where(l =>
        !l.Contains("cnidbr0", StringComparison.Ordinal) && !l.Contains("/lock mode", StringComparison.Ordinal) &&
        !l.Contains("/last_reserved_ip.", StringComparison.Ordinal) && !l.Contains("/mixnet/ mode", StringComparison.Ordinal) &&
        !l.Contains(".cni-index", StringComparison.Ordinal) && !l.Contains("net.ipv4.ip_forward", StringComparison.Ordinal) &&
        !l.Contains(".forwarding = ", StringComparison.Ordinal) && !EmptyTable().IsMatch(l) &&
        // Go v1.1.1's host-device leaves the alias that carried the original name; current upstream and ours clear it.
        !l.Contains("].ifalias = ", StringComparison.Ordinal))];

    /// <summary>An empty nat table's skeleton, created by the first rule and left by both implementations: no attachment's object.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"ip6?tables (\*\w+|:[A-Z]+ ACCEPT \[-\]|COMMIT)$")]
    private static partial System.Text.RegularExpressions.Regex EmptyTable();

    [Fact] public void Bridge_go_add_ours_del() => AddThenDel("mix-br-go", "bridge", Bridge, Impl.Go, Impl.Ours);

    [Fact] public void Bridge_ours_add_go_del() => AddThenDel("mix-br-ours", "bridge", Bridge, Impl.Ours, Impl.Go);

    [Fact] public void Ptp_go_add_ours_del() => AddThenDel("mix-ptp-go", "ptp", Ptp, Impl.Go, Impl.Ours);

    [Fact] public void Ptp_ours_add_go_del() => AddThenDel("mix-ptp-ours", "ptp", Ptp, Impl.Ours, Impl.Go);

    private const string HostDevice = """{"cniVersion":"1.0.0","name":"mixnet","type":"host-device","device":"cnidhd0"}""";

    [Fact] public void Host_device_go_add_ours_del() => AddThenDel("mix-hd-go", "host-device", HostDevice, Impl.Go, Impl.Ours,
        w => w.Host("link", "add", "cnidhd0", "type", "veth", "peer", "name", "cnidhd1"));

    [Fact] public void Host_device_ours_add_go_del() => AddThenDel("mix-hd-ours", "host-device", HostDevice, Impl.Ours, Impl.Go,
        w => w.Host("link", "add", "cnidhd0", "type", "veth", "peer", "name", "cnidhd1"));

    [Theory]
    [InlineData(Impl.Go, Impl.Ours)]
    [InlineData(Impl.Ours, Impl.Go)]
    public void Host_local_store_shared(Impl first, Impl second)
    {
        PluginDirs.Require("host-local");
        using var w = new World(first, $"mix-hl-{first}", Guid.NewGuid().ToString("N")[..6], new HashSet<string>());
        var conf = """{"cniVersion":"1.0.0","name":"mixnet","type":"bridge","ipam":{"type":"host-local","dataDir":"{dataDir}","ranges":[[{"subnet":"198.18.72.0/24"}],[{"subnet":"fd00:72::/64"}]]}}""";
        var ctr = w.Container();
        string Addr(Outcome o) => (string)o.Ok().Json()["ips"]![0]!["address"]!;
        Assert.Equal("198.18.72.2/24", Addr(w.Exec("ADD a", "host-local", "ADD", conf, ctr, "a", impl: first)));
        Assert.Equal("198.18.72.3/24", Addr(w.Exec("ADD b", "host-local", "ADD", conf, ctr, "b", impl: second)));   // continues the other's round-robin
        Assert.Equal(999, (int)w.Exec("ADD a again", "host-local", "ADD", conf, ctr, "a", impl: second).Json()["code"]!); // sees the other's reservation
        w.Exec("DEL a", "host-local", "DEL", conf, ctr, "a", impl: second).Ok();                                       // releases the other's
        Assert.Equal("198.18.72.4/24", Addr(w.Exec("ADD c", "host-local", "ADD", conf, ctr, "c", impl: first)));
        w.Exec("DEL b", "host-local", "DEL", conf, ctr, "b", impl: first).Ok();
        w.Exec("DEL c", "host-local", "DEL", conf, ctr, "c", impl: second).Ok();
        var left = Directory.GetFiles(Path.Combine(w.DataDir, "mixnet")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["last_reserved_ip.0", "last_reserved_ip.1", "lock"], left);
        Assert.Equal("198.18.72.4", File.ReadAllText(Path.Combine(w.DataDir, "mixnet", "last_reserved_ip.0")));
    }
}
