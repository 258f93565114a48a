using System.Text;
using System.Text.Json.Nodes;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Main;

[Trait("Category", "Integration")]
public sealed class TapTests : IDisposable
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..6];
    private readonly string _dataDir;
    private readonly int _subnet = Random.Shared.Next(1, 250);

    public TapTests() => _dataDir = Path.Combine(Path.GetTempPath(), "cni-tap-test-" + _id);

    private string Net => "taptest-" + _id;

    private string Conf(string version, string extra = "", bool l3 = true)
    {
        var ipam = l3 ? $"{{\"type\":\"host-local\",\"dataDir\":\"{_dataDir}\",\"ranges\":[[{{\"subnet\":\"198.18.{_subnet}.0/24\"}}]]}}" : "{}";
        return $"{{\"cniVersion\":\"{version}\",\"name\":\"{Net}\",\"type\":\"tap\"{extra},\"ipam\":{ipam}}}";
    }

    private static Dictionary<string, string> Env(string command, string containerId, string netns)
    {
        var env = CniBinary.Env(command, containerId: containerId, netns: netns);
        env["CNI_PATH"] = CniBinary.Dir + ":/usr/lib/cni";
        return env;
    }

    [Theory]
    [InlineData("1.0.0", "")]
    [InlineData("0.4.0", ",\"owner\":0,\"group\":0")]
    [InlineData("0.3.1", ",\"multiQueue\":true")]
    public void Add_check_del_applies_mtu_and_mac_on_every_path(string version, string extra)
    {
        Root.Require();
        using var ns = new TestNetns("tap");
        var conf = Conf(version, extra + ",\"mtu\":1400,\"mac\":\"0a:00:00:00:10:01\"");
        var add = CniBinary.Exec("tap", Env("ADD", "c1" + _id, ns.Path), conf).Ok();
        var result = ResultConverters.ToCurrent(CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout)));
        var iface = Assert.Single(result.Interfaces);
        Assert.Equal(("eth0", ns.Path, "0a:00:00:00:10:01"), (iface.Name, iface.Sandbox, iface.Mac));
        Assert.Equal(0, Assert.Single(result.Ips).Interface);
        var link = Shell.IpJson(ns.Name, "-d", "link", "show", "eth0")[0];
        Assert.Equal("tun", link.GetProperty("linkinfo").GetProperty("info_kind").GetString());
        Assert.Equal("tap", link.GetProperty("linkinfo").GetProperty("info_data").GetProperty("type").GetString());
        Assert.Equal(1400, link.GetProperty("mtu").GetInt32());
        Assert.Equal("0a:00:00:00:10:01", link.GetProperty("address").GetString());
        Assert.Contains("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains($"inet {result.Ips[0].Address}", Shell.Ok("ip", "-n", ns.Name, "addr", "show", "eth0"), StringComparison.Ordinal);
        if (version != "0.3.1")
        {
            CniBinary.Exec("tap", Env("CHECK", "c1" + _id, ns.Path), WithPrev(conf, add.Stdout)).Ok();
        }
        CniBinary.Exec("tap", Env("DEL", "c1" + _id, ns.Path), conf).Ok();
        Assert.DoesNotContain("eth0", Shell.Ok("ip", "-n", ns.Name, "link"), StringComparison.Ordinal);
        CniBinary.Exec("tap", Env("DEL", "c1" + _id, ns.Path), conf).Ok();
    }

    [Fact]
    public void Layer2_tap_becomes_a_port_of_a_bridge_in_the_container()
    {
        Root.Require();
        using var ns = new TestNetns("tapbr");
        Shell.Ok("ip", "-n", ns.Name, "link", "add", "br0", "type", "bridge");
        var conf = Conf("1.0.0", ",\"bridge\":\"br0\"", l3: false);
        var add = CniBinary.Exec("tap", Env("ADD", "c2" + _id, ns.Path), conf).Ok();
        Assert.Contains("master br0", Shell.Ok("ip", "-n", ns.Name, "link", "show", "eth0"), StringComparison.Ordinal);
        CniBinary.Exec("tap", Env("CHECK", "c2" + _id, ns.Path), WithPrev(conf, add.Stdout)).Ok();
        Shell.Ok("ip", "-n", ns.Name, "link", "set", "eth0", "nomaster");
        var e = CniBinary.Exec("tap", Env("CHECK", "c2" + _id, ns.Path), WithPrev(conf, add.Stdout)).Error();
        Assert.Equal("tap eth0 is not a port of bridge br0", e.Msg);
        CniBinary.Exec("tap", Env("DEL", "c2" + _id, ns.Path), conf).Ok();
    }

    [Fact]
    public void Failures_leave_nothing()
    {
        Root.Require();
        using var ns = new TestNetns("tapf");
        var e = CniBinary.Exec("tap", Env("ADD", "c3" + _id, ns.Path), Conf("1.0.0", ",\"bridge\":\"nosuchbr\"")).Error();
        Assert.Equal("failed to get bridge nosuchbr: Link not found", e.Msg);
        Assert.Single(Shell.IpJson(ns.Name, "link", "show").EnumerateArray());
        var conf = Conf("1.0.0").Replace("\"ranges\"", "\"routes\":[{\"dst\":\"198.18.250.0/24\",\"gw\":\"198.19.0.1\"}],\"ranges\"", StringComparison.Ordinal);
        CniBinary.Exec("tap", Env("ADD", "c3" + _id, ns.Path), conf).Error();
        Assert.Single(Shell.IpJson(ns.Name, "link", "show").EnumerateArray());
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(_dataDir, Net)), f => Path.GetFileName(f).StartsWith("198.", StringComparison.Ordinal));
    }

    private static string WithPrev(string conf, string result)
    {
        var node = JsonNode.Parse(conf)!.AsObject();
        node["prevResult"] = JsonNode.Parse(result);
        return node.ToJsonString();
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
