using System.Text;
using System.Text.Json.Nodes;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Main;

[Trait("Category", "Integration")]
public sealed class MacvlanTests : IDisposable
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..6];
    private readonly string _master;
    private readonly string _dataDir;
    private readonly int _subnet = Random.Shared.Next(1, 250);

    public MacvlanTests()
    {
        _master = "cnimv" + _id;
        _dataDir = Path.Combine(Path.GetTempPath(), "cni-macvlan-test-" + _id);
        // The parent: one end of a veth pair made for this test, so nothing touches the host's real links.
        Shell.Ok("ip", "link", "add", _master, "type", "veth", "peer", "name", "cnimp" + _id);
        Shell.Ok("ip", "link", "set", _master, "up");
        Shell.Ok("ip", "link", "set", "cnimp" + _id, "up");
    }

    private string V4 => $"198.18.{_subnet}";
    private string Net => "mvtest-" + _id;

    private string Conf(string version, string extra = "", bool l3 = true, string? master = null)
    {
        var ipam = l3 ? $"{{\"type\":\"host-local\",\"dataDir\":\"{_dataDir}\",\"ranges\":[[{{\"subnet\":\"{V4}.0/24\"}}]]}}" : "{}";
        var m = master ?? _master;
        var masterKey = m.Length == 0 ? "" : $",\"master\":\"{m}\"";
        return $"{{\"cniVersion\":\"{version}\",\"name\":\"{Net}\",\"type\":\"macvlan\"{masterKey}{extra},\"ipam\":{ipam}}}";
    }

    private static Dictionary<string, string> Env(string command, string containerId, string netns, string? args = null)
    {
        var env = CniBinary.Env(command, containerId: containerId, netns: netns, args: args);
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
        using var ns = new TestNetns("mv");
        var add = CniBinary.Exec("macvlan", Env("ADD", "c1" + _id, ns.Path), Conf(version, ",\"mode\":\"private\",\"mtu\":1400")).Ok();
        var parsed = CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout));
        Assert.Equal(version, parsed.CniVersion);
        var result = ResultConverters.ToCurrent(parsed);
        var ip = Assert.Single(result.Ips);
        var link = Shell.IpJson(ns.Name, "-d", "link", "show", "eth0")[0];
        Assert.Equal("macvlan", link.GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.Equal("private", link.GetProperty("linkinfo").GetProperty("info_data").GetProperty("mode").GetString());
        Assert.Equal(1400, link.GetProperty("mtu").GetInt32());
        if (version != "0.2.0")
        {
            var iface = Assert.Single(result.Interfaces);
            Assert.Equal(("eth0", ns.Path), (iface.Name, iface.Sandbox));
            Assert.Equal(link.GetProperty("address").GetString(), iface.Mac);
            Assert.Equal(0, ip.Interface);
        }
        Assert.Contains($"inet {ip.Address}", Shell.Ok("ip", "-n", ns.Name, "addr", "show", "eth0"), StringComparison.Ordinal);
        Assert.DoesNotContain("veth", Shell.Ok("ip", "-n", ns.Name, "link"), StringComparison.Ordinal);
        if (version is "1.0.0" or "0.4.0")
        {
            CniBinary.Exec("macvlan", Env("CHECK", "c1" + _id, ns.Path), WithPrev(Conf(version, ",\"mode\":\"private\",\"mtu\":1400"), add.Stdout)).Ok();
            var e = CniBinary.Exec("macvlan", Env("CHECK", "c1" + _id, ns.Path), WithPrev(Conf(version, ",\"mode\":\"vepa\""), add.Stdout)).Error();
            Assert.Equal("container macvlan mode private does not match expected value: vepa", e.Msg);
        }
        CniBinary.Exec("macvlan", Env("DEL", "c1" + _id, ns.Path), Conf(version)).Ok();
        Assert.DoesNotContain("eth0", Shell.Ok("ip", "-n", ns.Name, "link"), StringComparison.Ordinal);
        Assert.Empty(Reserved());
        CniBinary.Exec("macvlan", Env("DEL", "c1" + _id, ns.Path), Conf(version)).Ok();
    }

    [Fact]
    public void Two_containers_on_one_master_reach_each_other()
    {
        Root.Require();
        using var a = new TestNetns("mva");
        using var b = new TestNetns("mvb");
        var ra = (Result)CniResults.Parse(Encoding.UTF8.GetBytes(CniBinary.Exec("macvlan", Env("ADD", "ca" + _id, a.Path), Conf("1.0.0")).Ok().Stdout));
        CniBinary.Exec("macvlan", Env("ADD", "cb" + _id, b.Path), Conf("1.0.0")).Ok();
        var target = ra.Ips[0].Address.Address.ToString();
        var (exit, stdout, _) = Shell.Run("ip", "netns", "exec", b.Name, "ping", "-c", "1", "-W", "2", target);
        Assert.True(exit == 0, $"ping {target} failed: {stdout}");
        CniBinary.Exec("macvlan", Env("DEL", "ca" + _id, a.Path), Conf("1.0.0")).Ok();
        CniBinary.Exec("macvlan", Env("DEL", "cb" + _id, b.Path), Conf("1.0.0")).Ok();
    }

    [Fact]
    public void Layer2_only_and_mac_precedence()
    {
        Root.Require();
        using var ns = new TestNetns("mvl2");
        var conf = JsonNode.Parse(Conf("1.0.0", ",\"mac\":\"0a:00:00:00:00:01\"", l3: false))!.AsObject();
        conf["runtimeConfig"] = JsonNode.Parse("{\"mac\":\"0a:00:00:00:00:03\"}");
        var add = CniBinary.Exec("macvlan", Env("ADD", "c2" + _id, ns.Path, "IgnoreUnknown=1;MAC=0a:00:00:00:00:02"), conf.ToJsonString()).Ok();
        var result = (Result)CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout));
        Assert.Empty(result.Ips);
        Assert.Equal("0a:00:00:00:00:03", result.Interfaces[0].Mac);
        Assert.Contains("0a:00:00:00:00:03", Shell.Ok("ip", "-n", ns.Name, "link", "show", "eth0"), StringComparison.Ordinal);
        Assert.Contains("state UP", Shell.Ok("ip", "-n", ns.Name, "link", "show", "eth0"), StringComparison.Ordinal);
        CniBinary.Exec("macvlan", Env("DEL", "c2" + _id, ns.Path), conf.ToJsonString()).Ok();

        add = CniBinary.Exec("macvlan", Env("ADD", "c2" + _id, ns.Path, "MAC=0a:00:00:00:00:02"), Conf("1.0.0", ",\"mac\":\"0a:00:00:00:00:01\"", l3: false)).Ok();
        Assert.Equal("0a:00:00:00:00:02", ((Result)CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout))).Interfaces[0].Mac);
        CniBinary.Exec("macvlan", Env("DEL", "c2" + _id, ns.Path), Conf("1.0.0", l3: false)).Ok();
    }

    [Fact]
    public void Master_in_the_container_defaults_to_its_default_route_device()
    {
        Root.Require();
        using var ns = new TestNetns("mvin");
        Shell.Ok("ip", "-n", ns.Name, "link", "add", "up0", "type", "veth", "peer", "name", "up1");
        Shell.Ok("ip", "-n", ns.Name, "link", "set", "up0", "up");
        Shell.Ok("ip", "-n", ns.Name, "addr", "add", "198.19.255.2/24", "dev", "up0");
        Shell.Ok("ip", "-n", ns.Name, "route", "add", "default", "via", "198.19.255.1");
        var conf = Conf("1.0.0", ",\"linkInContainer\":true", master: "");
        CniBinary.Exec("macvlan", Env("ADD", "c3" + _id, ns.Path), conf).Ok();
        var link = Shell.IpJson(ns.Name, "-d", "link", "show", "eth0")[0];
        Assert.Equal("up0", link.GetProperty("link").GetString());
        CniBinary.Exec("macvlan", Env("DEL", "c3" + _id, ns.Path), conf).Ok();
        Assert.Empty(Reserved());
    }

    [Theory]
    [InlineData(",\"mode\":\"bridgy\"", "unknown macvlan mode: \"bridgy\"")]
    [InlineData(",\"mtu\":70000", "invalid MTU 70000, must be [0, master MTU(1500)]")]
    [InlineData(",\"mac\":\"zz\"", "invalid MAC address \"zz\"")]
    public void Bad_config_is_refused_and_leaves_nothing(string extra, string message)
    {
        Root.Require();
        using var ns = new TestNetns("mvbad");
        var e = CniBinary.Exec("macvlan", Env("ADD", "c4" + _id, ns.Path), Conf("1.0.0", extra)).Error();
        Assert.Equal(message, e.Msg);
        Assert.Single(Shell.IpJson(ns.Name, "link", "show").EnumerateArray());
        Assert.Empty(Reserved());
    }

    [Fact]
    public void Unknown_master_and_failures_after_ipam_leave_nothing()
    {
        Root.Require();
        using var ns = new TestNetns("mvfail");
        var e = CniBinary.Exec("macvlan", Env("ADD", "c5" + _id, ns.Path), Conf("1.0.0", master: "nosuch" + _id)).Error();
        Assert.StartsWith($"failed to lookup master \"nosuch{_id}\"", e.Msg, StringComparison.Ordinal);
        // A route IPAM asks for that cannot be installed: the macvlan and the reservation must go.
        var conf = Conf("1.0.0").Replace("\"ranges\"", "\"routes\":[{\"dst\":\"198.18.250.0/24\",\"gw\":\"198.19.0.1\"}],\"ranges\"", StringComparison.Ordinal);
        e = CniBinary.Exec("macvlan", Env("ADD", "c5" + _id, ns.Path), conf).Error();
        Assert.StartsWith("failed to add route", e.Msg, StringComparison.Ordinal);
        Assert.DoesNotContain("eth0", Shell.Ok("ip", "-n", ns.Name, "link"), StringComparison.Ordinal);
        Assert.Empty(Reserved());
    }

    [Fact]
    public void Del_succeeds_without_netns_and_with_the_netns_gone()
    {
        Root.Require();
        var ns = new TestNetns("mvdel");
        CniBinary.Exec("macvlan", Env("ADD", "c6" + _id, ns.Path), Conf("1.0.0")).Ok();
        var path = ns.Path;
        ns.Dispose();
        CniBinary.Exec("macvlan", Env("DEL", "c6" + _id, path), Conf("1.0.0")).Ok();
        Assert.Empty(Reserved());
        CniBinary.Exec("macvlan", Env("DEL", "c6" + _id, ""), Conf("1.0.0")).Ok();
    }

    private static string WithPrev(string conf, string result)
    {
        var node = JsonNode.Parse(conf)!.AsObject();
        node["prevResult"] = JsonNode.Parse(result);
        return node.ToJsonString();
    }

    public void Dispose()
    {
        Shell.Run("ip", "link", "delete", _master);
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
