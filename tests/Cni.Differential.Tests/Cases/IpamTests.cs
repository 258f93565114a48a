using Cni.Differential.Tests.Harness;
using Xunit;

namespace Cni.Differential.Tests.Cases;

/// <summary>host-local and static called directly, as a main plugin would delegate to them.</summary>
[Trait("Category", "Differential")]
public class IpamTests
{
    private static string HostLocal(string version, string ipam, string extra = "") =>
        $$$"""{"cniVersion":"{{{version}}}","name":"hlnet","type":"bridge"{{{extra}}},"ipam":{"type":"host-local","dataDir":"{dataDir}",{{{ipam}}}}}""";

    private static void Sequence(World w, string plugin, string version, string conf, string? args = null)
    {
        var ctr = w.Container();
        var a = w.Exec("ADD 1", plugin, "ADD", conf, ctr, "c1", args: args);
        w.Exec("ADD 2", plugin, "ADD", conf, ctr, "c2", args: null);
        w.Exec("ADD 1 again", plugin, "ADD", conf, ctr, "c1", args: args);
        w.Observe("after ADDs");
        if (Versions.HasCheck(version) && a.Exit == 0)
        {
            var withPrev = System.Text.Json.Nodes.JsonNode.Parse(w.Substitute(conf))!.AsObject();
            withPrev["prevResult"] = System.Text.Json.Nodes.JsonNode.Parse(a.Stdout);
            w.Exec("CHECK 1", plugin, "CHECK", withPrev.ToJsonString(), ctr, "c1", args: args);
        }
        w.Exec("DEL 1", plugin, "DEL", conf, ctr, "c1", args: args);
        w.Exec("DEL 1 again", plugin, "DEL", conf, ctr, "c1", args: args);
        w.Exec("ADD 3", plugin, "ADD", conf, ctr, "c3");
        w.Observe("after DEL");
    }

    [Theory]
    [MemberData(nameof(Versions.All), MemberType = typeof(Versions))]
    public void Host_local_round_robin(string version) => SideBySide.Run($"hl-{version}", "host-local", w => Sequence(w, "host-local", version,
        HostLocal(version, """ "ranges":[[{"subnet":"198.18.50.0/29"}]],"routes":[{"dst":"0.0.0.0/0"}]""")));

    [Fact]
    public void Host_local_dual_stack_multiple_ranges() => SideBySide.Run("hl-dual", "host-local", w => Sequence(w, "host-local", "1.0.0",
        HostLocal("1.0.0", """ "ranges":[[{"subnet":"198.18.51.0/30"},{"subnet":"198.18.52.0/24","rangeStart":"198.18.52.10","rangeEnd":"198.18.52.20","gateway":"198.18.52.254"}],[{"subnet":"fd00:51::/120"}]],"routes":[{"dst":"198.18.60.0/24","gw":"198.18.52.254"}]""")));

    [Fact]
    public void Host_local_requested_ips() => SideBySide.Run("hl-req", "host-local", w => Sequence(w, "host-local", "1.0.0",
        HostLocal("1.0.0", """ "ranges":[[{"subnet":"198.18.53.0/24"}],[{"subnet":"fd00:53::/64"}]]""", ""","runtimeConfig":{"ips":["198.18.53.77/24","fd00:53::77/64"]}""")));

    [Fact]
    public void Host_local_cni_args_ip() => SideBySide.Run("hl-args", "host-local", w => Sequence(w, "host-local", "0.4.0",
        HostLocal("0.4.0", """ "subnet":"198.18.54.0/24" """), args: "IgnoreUnknown=1;IP=198.18.54.40"));

    [Fact]
    public void Host_local_runtime_ip_ranges_and_legacy_file() => SideBySide.Run("hl-ranges", "host-local", w =>
    {
        Directory.CreateDirectory(Path.Combine(w.DataDir, "hlnet"));
        File.WriteAllText(Path.Combine(w.DataDir, "hlnet", "198.18.55.2"), "c1");
        Sequence(w, "host-local", "1.0.0", HostLocal("1.0.0", """ "ranges":[[{"subnet":"198.18.56.0/24"}]]""",
            ""","runtimeConfig":{"ipRanges":[[{"subnet":"198.18.55.0/29"}]]}"""));
    });

    [Theory]
    [MemberData(nameof(Versions.All), MemberType = typeof(Versions))]
    public void Static_addresses_routes_dns(string version) => SideBySide.Run($"st-{version}", "static", w => Sequence(w, "static", version,
        $$$"""{"cniVersion":"{{{version}}}","name":"stnet","type":"bridge","ipam":{"type":"static","addresses":[{"address":"198.18.57.5/24","gateway":"198.18.57.1"},{"address":"fd00:57::5/64","gateway":"fd00:57::1"}],"routes":[{"dst":"0.0.0.0/0"},{"dst":"198.18.58.0/24","gw":"198.18.57.2"}],"dns":{"nameservers":["198.18.57.53"],"domain":"example.test","search":["a.test"],"options":["ndots:2"]}} }"""));

    [Fact]
    public void Static_precedence_runtime_args_cni_args() => SideBySide.Run("st-prec", "static", w =>
    {
        var ctr = w.Container();
        var conf = """{"cniVersion":"1.0.0","name":"stnet","type":"bridge","args":{"cni":{"ips":["198.18.59.6/24"]}},"runtimeConfig":{"ips":["198.18.59.7/24"]},"ipam":{"type":"static"}}""";
        w.Exec("ADD all three", "static", "ADD", conf, ctr, args: "IgnoreUnknown=1;IP=198.18.59.5/24;GATEWAY=198.18.59.1");
        w.Exec("ADD CNI_ARGS only", "static", "ADD", """{"cniVersion":"1.0.0","name":"stnet","type":"bridge","ipam":{"type":"static"}}""", ctr,
            args: "IP=198.18.59.5/24,fd00:59::5/64;GATEWAY=198.18.59.1,fd00:59::1");
        w.Exec("ADD bad CIDR", "static", "ADD", """{"cniVersion":"1.0.0","name":"stnet","type":"bridge","ipam":{"type":"static","addresses":[{"address":"198.18.59.300/24"}]}}""", ctr);
    });
}
