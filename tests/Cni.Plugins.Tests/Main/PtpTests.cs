using System.Text;
using System.Text.Json.Nodes;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Main;

[Trait("Category", "Integration")]
public sealed class PtpTests : IDisposable
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..6];
    private readonly string _dataDir;
    private readonly int _subnet = Random.Shared.Next(1, 250);

    public PtpTests() => _dataDir = Path.Combine(Path.GetTempPath(), "cni-ptp-test-" + _id);

    private string V4 => $"198.19.{_subnet}";
    private string V6 => $"fd00:a{_subnet:x}::";
    private string Net => "ptptest-" + _id;

    private string Conf(string version, bool dualStack = false, string? masq = null, string? ipamType = "host-local", string extra = "")
    {
        var ranges = $"[{{\"subnet\":\"{V4}.0/24\"}}]" + (dualStack ? $",[{{\"subnet\":\"{V6}/64\"}}]" : "");
        var masqKeys = masq is null ? "" : $",\"ipMasq\":true,\"ipMasqBackend\":\"{masq}\"";
        return $"{{\"cniVersion\":\"{version}\",\"name\":\"{Net}\",\"type\":\"ptp\"{masqKeys}{extra}," +
               $"\"ipam\":{{\"type\":\"{ipamType}\",\"dataDir\":\"{_dataDir}\",\"ranges\":[{ranges}],\"routes\":[{{\"dst\":\"0.0.0.0/0\"}}]}}}}";
    }

    private static Dictionary<string, string> Env(string command, string containerId, string netns)
    {
        var env = CniBinary.Env(command, containerId: containerId, netns: netns);
        env["CNI_PATH"] = CniBinary.Dir + ":/usr/lib/cni";
        return env;
    }

    private string[] Reserved() => !Directory.Exists(Path.Combine(_dataDir, Net)) ? [] :
        [.. Directory.GetFiles(Path.Combine(_dataDir, Net)).Select(Path.GetFileName).Where(f => !f!.StartsWith("last_reserved_ip", StringComparison.Ordinal) && f != "lock")!];

    [Theory]
    [InlineData("1.0.0")]
    [InlineData("0.4.0")]
    [InlineData("0.3.1")]
    [InlineData("0.2.0")]
    public void Add_check_del_in_every_version(string version)
    {
        Root.Require();
        using var ns = new TestNetns("ptp");
        var add = CniBinary.Exec("ptp", Env("ADD", "c1" + _id, ns.Path), Conf(version)).Ok();
        var parsed = CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout));
        Assert.Equal(version, parsed.CniVersion);
        var result = ResultConverters.ToCurrent(parsed);
        var ip = Assert.Single(result.Ips);
        Assert.Equal($"{V4}.1", ip.Gateway!.ToString());
        if (version != "0.2.0")
        {
            Assert.Equal(2, result.Interfaces.Count);
            Assert.StartsWith("veth", result.Interfaces[0].Name, StringComparison.Ordinal);
            Assert.Null(result.Interfaces[0].Sandbox);
            Assert.Equal("eth0", result.Interfaces[1].Name);
            Assert.Equal(ns.Path, result.Interfaces[1].Sandbox);
            Assert.Equal(1, ip.Interface);
            // Kernel state: the Go ptp routing layout.
            var hostEnd = result.Interfaces[0].Name;
            Assert.Contains($"inet {V4}.1/32", Shell.Ok("ip", "addr", "show", hostEnd), StringComparison.Ordinal);
            Assert.Contains($"{ip.Address.Address} scope host", Shell.Ok("ip", "route", "show", "dev", hostEnd), StringComparison.Ordinal);
        }
        var routes = Shell.Ok("ip", "-n", ns.Name, "route");
        Assert.Contains($"default via {V4}.1 dev eth0", routes, StringComparison.Ordinal);
        Assert.Contains($"{V4}.1 dev eth0 scope link src {ip.Address.Address}", routes, StringComparison.Ordinal);
        Assert.Contains($"{V4}.0/24 via {V4}.1 dev eth0 src {ip.Address.Address}", routes, StringComparison.Ordinal);
        Assert.DoesNotContain("proto kernel", routes, StringComparison.Ordinal);
        var (exit, stdout, _) = Shell.Run("ip", "netns", "exec", ns.Name, "ping", "-c", "1", "-W", "2", $"{V4}.1");
        Assert.True(exit == 0, $"container cannot reach its gateway: {stdout}");
        if (version is "1.0.0" or "0.4.0")
        {
            CniBinary.Exec("ptp", Env("CHECK", "c1" + _id, ns.Path), WithPrev(Conf(version), add.Stdout)).Ok();
        }

        CniBinary.Exec("ptp", Env("DEL", "c1" + _id, ns.Path), Conf(version)).Ok();
        Assert.DoesNotContain("eth0", Shell.Ok("ip", "-n", ns.Name, "link"), StringComparison.Ordinal);
        Assert.Empty(Reserved());
        CniBinary.Exec("ptp", Env("DEL", "c1" + _id, ns.Path), Conf(version)).Ok();
    }

    [Fact]
    public void Dual_stack_routes_both_families_through_the_host()
    {
        Root.Require();
        using var ns = new TestNetns("ptp6");
        var add = CniBinary.Exec("ptp", Env("ADD", "c2" + _id, ns.Path), Conf("1.0.0", dualStack: true)).Ok();
        var result = (Result)CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout));
        var v6 = Assert.Single(result.Ips, i => !i.Address.IsIPv4);
        Assert.Contains($"{V6}1/128", Shell.Ok("ip", "-6", "addr", "show", result.Interfaces[0].Name), StringComparison.Ordinal);
        Assert.Contains($"{V6}/64 via {V6}1 dev eth0", Shell.Ok("ip", "-n", ns.Name, "-6", "route"), StringComparison.Ordinal);
        var (exit, stdout, _) = Shell.Run("ip", "netns", "exec", ns.Name, "ping", "-6", "-c", "1", "-W", "3", $"{V6}1");
        Assert.True(exit == 0, $"container cannot reach its IPv6 gateway: {stdout}");
        CniBinary.Exec("ptp", Env("CHECK", "c2" + _id, ns.Path), WithPrev(Conf("1.0.0", dualStack: true), add.Stdout)).Ok();
        CniBinary.Exec("ptp", Env("DEL", "c2" + _id, ns.Path), Conf("1.0.0", dualStack: true)).Ok();
        Assert.Empty(Reserved());
        _ = v6;
    }

    [Theory]
    [InlineData("iptables")]
    [InlineData("nftables")]
    public void Masquerade_rules_come_and_go_even_when_the_netns_is_gone(string backend)
    {
        Root.Require();
        var ns = new TestNetns("ptpm");
        try
        {
            var conf = Conf("1.0.0", masq: backend);
            CniBinary.Exec("ptp", Env("ADD", "c3" + _id, ns.Path), conf).Ok();
            Assert.Contains(Net, MasqRules(), StringComparison.Ordinal);
            var path = ns.Path;
            ns.Dispose();
            CniBinary.Exec("ptp", Env("DEL", "c3" + _id, path), conf).Ok();
            Assert.DoesNotContain(Net, MasqRules(), StringComparison.Ordinal);
            Assert.Empty(Reserved());
            CniBinary.Exec("ptp", Env("DEL", "c3" + _id, ""), conf).Ok();
        }
        finally
        {
            ns.Dispose();
        }
    }

    [Fact]
    public void Check_notices_a_removed_address()
    {
        Root.Require();
        using var ns = new TestNetns("ptpc");
        var add = CniBinary.Exec("ptp", Env("ADD", "c4" + _id, ns.Path), Conf("1.0.0")).Ok();
        var ip = ((Result)CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout))).Ips[0].Address;
        Shell.Ok("ip", "-n", ns.Name, "addr", "del", ip.ToString(), "dev", "eth0");
        var e = CniBinary.Exec("ptp", Env("CHECK", "c4" + _id, ns.Path), WithPrev(Conf("1.0.0"), add.Stdout)).Error();
        Assert.Equal($"Failed to match addr {ip} on interface eth0", e.Msg);
        CniBinary.Exec("ptp", Env("DEL", "c4" + _id, ns.Path), Conf("1.0.0")).Ok();
    }

    [Fact]
    public void A_failed_add_leaves_no_veth_and_no_reservation()
    {
        Root.Require();
        using var ns = new TestNetns("ptpf");
        // The container already has an eth0: the veth cannot be made after IPAM reserved an address.
        Shell.Ok("ip", "-n", ns.Name, "link", "add", "eth0", "type", "bridge");
        var e = CniBinary.Exec("ptp", Env("ADD", "c5" + _id, ns.Path), Conf("1.0.0", masq: "iptables")).Error();
        Assert.Contains("eth0", e.Msg, StringComparison.Ordinal);
        Assert.Empty(Reserved());
        Assert.DoesNotContain(Net, MasqRules(), StringComparison.Ordinal);
        // A leaked host end would name this namespace as its peer's (other tests make veths in parallel).
        Assert.DoesNotContain("link-netns " + ns.Name, Shell.Ok("ip", "-o", "link", "show", "type", "veth"), StringComparison.Ordinal);

        e = CniBinary.Exec("ptp", Env("ADD", "c5" + _id, ns.Path), Conf("1.0.0", ipamType: "no-such-ipam")).Error();
        Assert.Contains("no-such-ipam", e.Msg, StringComparison.Ordinal);
        e = CniBinary.Exec("ptp", Env("ADD", "c5" + _id, ns.Path), Conf("1.0.0", masq: "ebtables")).Error();
        Assert.Equal("unknown ipmasq backend \"ebtables\"", e.Msg);
    }

    [Fact]
    public void Config_dns_overrides_ipam_dns()
    {
        Root.Require();
        using var ns = new TestNetns("ptpd");
        var conf = Conf("1.0.0", extra: ",\"dns\":{\"nameservers\":[\"198.18.0.53\"]}");
        var add = CniBinary.Exec("ptp", Env("ADD", "c6" + _id, ns.Path), conf).Ok();
        Assert.Equal("198.18.0.53", Assert.Single(((Result)CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout))).Dns.Nameservers!));
        CniBinary.Exec("ptp", Env("DEL", "c6" + _id, ns.Path), conf).Ok();
    }

    private static string MasqRules() =>
        Shell.Run("iptables-save", "-t", "nat").Stdout + Shell.Run("ip6tables-save", "-t", "nat").Stdout + Shell.Run("nft", "list", "ruleset").Stdout;

    private static string WithPrev(string conf, string result)
    {
        var node = JsonNode.Parse(conf)!.AsObject();
        node["prevResult"] = JsonNode.Parse(result);
        return node.ToJsonString();
    }

    public void Dispose()
    {
        foreach (var tool in new[] { "iptables", "ip6tables" })
        {
            foreach (var line in Shell.Run(tool, "-t", "nat", "-S").Stdout.Split('\n').Where(l => l.Contains(Net, StringComparison.Ordinal) && l.StartsWith("-A POSTROUTING", StringComparison.Ordinal)))
            {
                Shell.Run("sh", "-c", $"{tool} -t nat {line.Replace("-A ", "-D ", StringComparison.Ordinal)}");
            }
        }
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        // The plugin, like Go's, keeps the shared masquerade table; the test removes it when it left it empty.
        var (listed, chain, _) = Shell.Run("nft", "list", "chain", "inet", "cni_plugins_masquerade", "masq_checks");
        if (listed == 0 && !chain.Contains("masquerade comment", StringComparison.Ordinal))
        {
            Shell.Run("nft", "delete", "table", "inet", "cni_plugins_masquerade");
        }
    }
}
