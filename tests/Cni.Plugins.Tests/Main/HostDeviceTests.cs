using System.Text;
using System.Text.Json.Nodes;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Main;

[Trait("Category", "Integration")]
public sealed class HostDeviceTests : IDisposable
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..6];
    private readonly string _device;
    private readonly string _peer;
    private readonly string _dataDir;
    private readonly string _mac;

    public HostDeviceTests()
    {
        _device = "cnihd" + _id;
        _peer = "cnihp" + _id;
        _dataDir = Path.Combine(Path.GetTempPath(), "cni-hostdev-test-" + _id);
        // The device to move: one end of a veth pair made for this test; its peer stays in the host.
        Shell.Ok("ip", "link", "add", _device, "type", "veth", "peer", "name", _peer);
        _mac = HostLink().GetProperty("address").GetString()!;
    }

    private string Net => "hdtest-" + _id;

    private string Conf(string version, string selector, bool l3 = false, string ipamExtra = "")
    {
        var ipam = l3 ? $"{{\"type\":\"host-local\",\"dataDir\":\"{_dataDir}\",\"ranges\":[[{{\"subnet\":\"198.18.{Random.Shared.Next(1, 250)}.0/24\"}}]]{ipamExtra}}}" : "{}";
        return $"{{\"cniVersion\":\"{version}\",\"name\":\"{Net}\",\"type\":\"host-device\",{selector},\"ipam\":{ipam}}}";
    }

    private static Dictionary<string, string> Env(string command, string netns)
    {
        var env = CniBinary.Env(command, containerId: "hd", netns: netns, ifname: "net1");
        env["CNI_PATH"] = CniBinary.Dir + ":/usr/lib/cni";
        return env;
    }

    private System.Text.Json.JsonElement HostLink()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(Shell.Ok("ip", "-j", "link", "show", _device));
        return doc.RootElement[0].Clone();
    }

    private bool InHost() => Shell.Run("ip", "link", "show", _device).Exit == 0;

    [Theory]
    [InlineData("1.0.0")]
    [InlineData("0.4.0")]
    [InlineData("0.3.1")]
    public void Moves_the_device_in_renamed_and_back_on_del(string version)
    {
        Root.Require();
        using var ns = new TestNetns("hd");
        var conf = Conf(version, $"\"device\":\"{_device}\"");
        var add = CniBinary.Exec("host-device", Env("ADD", ns.Path), conf).Ok();
        var iface = Assert.Single(ResultConverters.ToCurrent(CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout))).Interfaces);
        Assert.Equal(("net1", _mac, ns.Path), (iface.Name, iface.Mac, iface.Sandbox));
        Assert.False(InHost());
        var link = Shell.IpJson(ns.Name, "link", "show", "net1")[0];
        Assert.Equal(_device, link.GetProperty("ifalias").GetString());
        Assert.Contains("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        if (version != "0.3.1")
        {
            CniBinary.Exec("host-device", Env("CHECK", ns.Path), WithPrev(conf, add.Stdout)).Ok();
        }
        CniBinary.Exec("host-device", Env("DEL", ns.Path), conf).Ok();
        Assert.True(InHost());
        Assert.False(HostLink().TryGetProperty("ifalias", out _));
        CniBinary.Exec("host-device", Env("DEL", ns.Path), conf).Ok();
    }

    [Fact]
    public void By_hwaddr_with_ipam_and_a_same_named_link_in_the_container()
    {
        Root.Require();
        using var ns = new TestNetns("hdip");
        // The container already has a link with the device's host name: the move goes through a temp namespace.
        Shell.Ok("ip", "-n", ns.Name, "link", "add", _device, "type", "bridge");
        var conf = Conf("1.0.0", $"\"hwaddr\":\"{_mac.ToUpperInvariant()}\"", l3: true);
        var add = CniBinary.Exec("host-device", Env("ADD", ns.Path), conf).Ok();
        var result = (Result)CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout));
        Assert.Equal(0, Assert.Single(result.Ips).Interface);
        Assert.Contains($"inet {result.Ips[0].Address}", Shell.Ok("ip", "-n", ns.Name, "addr", "show", "net1"), StringComparison.Ordinal);
        CniBinary.Exec("host-device", Env("CHECK", ns.Path), WithPrev(conf, add.Stdout)).Ok();
        CniBinary.Exec("host-device", Env("DEL", ns.Path), conf).Ok();
        Assert.True(InHost());
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(_dataDir, Net)), f => Path.GetFileName(f).StartsWith("198.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_taken_in_the_host_fails_del_and_keeps_the_device_until_a_retry()
    {
        Root.Require();
        using var ns = new TestNetns("hdcol");
        var conf = Conf("1.0.0", $"\"device\":\"{_device}\"");
        CniBinary.Exec("host-device", Env("ADD", ns.Path), conf).Ok();
        Shell.Ok("ip", "link", "add", _device, "type", "bridge");
        try
        {
            CniBinary.Exec("host-device", Env("DEL", ns.Path), conf).Error();
            Assert.Equal(_device, Shell.IpJson(ns.Name, "link", "show", "net1")[0].GetProperty("ifalias").GetString());
        }
        finally
        {
            Shell.Run("ip", "link", "delete", _device);
        }
        CniBinary.Exec("host-device", Env("DEL", ns.Path), conf).Ok();
        Assert.True(InHost());
    }

    [Fact]
    public void A_failed_add_puts_the_device_back_and_releases_the_address()
    {
        Root.Require();
        using var ns = new TestNetns("hdf");
        var conf = Conf("1.0.0", $"\"device\":\"{_device}\"", l3: true, ipamExtra: ",\"routes\":[{\"dst\":\"198.18.250.0/24\",\"gw\":\"198.19.0.1\"}]");
        var e = CniBinary.Exec("host-device", Env("ADD", ns.Path), conf).Error();
        Assert.StartsWith("failed to add route", e.Msg, StringComparison.Ordinal);
        Assert.True(InHost());
        Assert.False(HostLink().TryGetProperty("ifalias", out _));
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(_dataDir, Net)), f => Path.GetFileName(f).StartsWith("198.", StringComparison.Ordinal));
        Assert.DoesNotContain("cni-hostdev-", Shell.Ok("ip", "netns", "list"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"ipam\":{}", "specify either \"device\", \"hwaddr\", \"kernelpath\" or \"pciBusID\"")]
    [InlineData("\"device\":\"nosuchdev\"", "failed to find host device: failed to find physical interface")]
    [InlineData("\"kernelpath\":\"/tmp/x\"", "kernel device path /tmp/x must start with /sys/devices/")]
    [InlineData("\"runtimeConfig\":{\"deviceID\":\"0000:ff:1f.7\"}", "runtime config DeviceID 0000:ff:1f.7 not found or unsupported")]
    public void Bad_config_is_refused(string keys, string message)
    {
        Root.Require();
        using var ns = new TestNetns("hdbad");
        var e = CniBinary.Exec("host-device", Env("ADD", ns.Path), $"{{\"cniVersion\":\"1.0.0\",\"name\":\"{Net}\",\"type\":\"host-device\",{keys}}}").Error();
        Assert.Equal(message, e.Msg);
        Assert.True(InHost());
    }

    private static string WithPrev(string conf, string result)
    {
        var node = JsonNode.Parse(conf)!.AsObject();
        node["prevResult"] = JsonNode.Parse(result);
        return node.ToJsonString();
    }

    public void Dispose()
    {
        Shell.Run("ip", "link", "delete", _device);
        Shell.Run("ip", "link", "delete", _peer);
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
