using System.Text;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Main;

[Trait("Category", "Integration")]
public sealed class BridgeTests : IDisposable
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..6];
    private readonly string _bridge;
    private readonly string _dataDir;
    private readonly int _subnet;

    public BridgeTests()
    {
        _bridge = "cnib" + _id;
        _dataDir = Path.Combine(Path.GetTempPath(), "cni-bridge-test-" + _id);
        _subnet = Random.Shared.Next(1, 250);
    }

    private string V4 => $"198.18.{_subnet}";
    private string V6 => $"fd00:{_subnet:x}::";
    private string Net => "brtest-" + _id;

    private string Conf(string version, bool dualStack = true, bool ipMasq = true, string? ipamType = "host-local")
    {
        var head = $"\"cniVersion\":\"{version}\",\"name\":\"{Net}\",\"type\":\"bridge\",\"bridge\":\"{_bridge}\"";
        if (ipamType is null)
        {
            return "{" + head + ",\"ipam\":{}}";
        }
        var ranges = $"[{{\"subnet\":\"{V4}.0/24\"}}]" + (dualStack ? $",[{{\"subnet\":\"{V6}/64\"}}]" : "");
        return "{" + head + $",\"isDefaultGateway\":true,\"ipMasq\":{(ipMasq ? "true" : "false")}," +
               $"\"ipam\":{{\"type\":\"{ipamType}\",\"dataDir\":\"{_dataDir}\",\"ranges\":[{ranges}]}}}}";
    }

    private static Dictionary<string, string> Env(string command, string containerId, TestNetns ns)
    {
        var env = CniBinary.Env(command, containerId: containerId, netns: ns.Path);
        env["CNI_PATH"] = CniBinary.Dir + ":/usr/lib/cni";
        return env;
    }

    [Theory]
    [InlineData("1.0.0")]
    [InlineData("0.4.0")]
    [InlineData("0.3.1")]
    public void Add_check_del_dual_stack_with_gateway_and_masquerade(string version)
    {
        Root.Require();
        using var ns = new TestNetns("br");
        var add = CniBinary.Exec("bridge", Env("ADD", "c1" + _id, ns), Conf(version)).Ok();
        var result = ResultConverters.ToCurrent(CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout)));
        Assert.Equal(version, CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout)).CniVersion);

        Assert.Equal([_bridge, "eth0"], [result.Interfaces[0].Name, result.Interfaces[2].Name]);
        Assert.StartsWith("veth", result.Interfaces[1].Name, StringComparison.Ordinal);
        Assert.Equal(ns.Path, result.Interfaces[2].Sandbox);
        Assert.All(result.Ips, ip => Assert.Equal(2, ip.Interface));
        var v4 = Assert.Single(result.Ips, ip => ip.Address.IsIPv4);
        Assert.Equal($"{V4}.1", v4.Gateway!.ToString());
        Assert.Contains(result.Routes, r => r.Dst.ToString() == "0.0.0.0/0" && r.Gw!.ToString() == $"{V4}.1");
        Assert.Contains(result.Routes, r => r.Dst.ToString() == "::/0");

        // Kernel state, read independently.
        var addrs = Shell.IpJson(ns.Name, "addr", "show", "eth0")[0];
        Assert.Contains(addrs.GetProperty("addr_info").EnumerateArray(), a => a.GetProperty("local").GetString() == v4.Address.Address.ToString());
        Assert.Contains($"default via {V4}.1 dev eth0", Shell.Ok("ip", "-n", ns.Name, "route"), StringComparison.Ordinal);
        Assert.Contains($"{V4}.1/24", Shell.Ok("ip", "addr", "show", _bridge), StringComparison.Ordinal);
        var hostVeth = Shell.Ok("ip", "-d", "link", "show", result.Interfaces[1].Name);
        Assert.Contains($"master {_bridge}", hostVeth, StringComparison.Ordinal);
        Assert.Contains("name: \\\"" + Net + "\\\"", Shell.Ok("iptables", "-t", "nat", "-S"), StringComparison.Ordinal);

        if (version != "0.3.1")
        {
            CniBinary.Exec("bridge", Env("CHECK", "c1" + _id, ns), WithPrev(Conf(version), add.Stdout)).Ok();
        }

        CniBinary.Exec("bridge", Env("DEL", "c1" + _id, ns), Conf(version)).Ok();
        Assert.DoesNotContain("eth0", Shell.Ok("ip", "-n", ns.Name, "link"), StringComparison.Ordinal);
        Assert.DoesNotContain(Net, Shell.Ok("iptables", "-t", "nat", "-S"), StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(_dataDir, Net)), f => !Path.GetFileName(f).StartsWith("last_reserved_ip", StringComparison.Ordinal) && Path.GetFileName(f) != "lock");
        CniBinary.Exec("bridge", Env("DEL", "c1" + _id, ns), Conf(version)).Ok();
    }

    [Fact]
    public void Two_containers_on_one_bridge_reach_each_other()
    {
        Root.Require();
        using var a = new TestNetns("bra");
        using var b = new TestNetns("brb");
        var ra = ResultConverters.ToCurrent(CniResults.Parse(Encoding.UTF8.GetBytes(CniBinary.Exec("bridge", Env("ADD", "ca" + _id, a), Conf("1.0.0", dualStack: false, ipMasq: false)).Ok().Stdout)));
        CniBinary.Exec("bridge", Env("ADD", "cb" + _id, b), Conf("1.0.0", dualStack: false, ipMasq: false)).Ok();
        var target = ra.Ips[0].Address.Address.ToString();
        var (exit, stdout, _) = Shell.Run("ip", "netns", "exec", b.Name, "ping", "-c", "1", "-W", "2", target);
        Assert.True(exit == 0, $"ping {target} from {b.Name} failed: {stdout}");
        CniBinary.Exec("bridge", Env("DEL", "ca" + _id, a), Conf("1.0.0", dualStack: false, ipMasq: false)).Ok();
        CniBinary.Exec("bridge", Env("DEL", "cb" + _id, b), Conf("1.0.0", dualStack: false, ipMasq: false)).Ok();
    }

    [Fact]
    public void Layer2_only_brings_the_interface_up_without_addresses()
    {
        Root.Require();
        using var ns = new TestNetns("brl2");
        var add = CniBinary.Exec("bridge", Env("ADD", "c2" + _id, ns), Conf("1.0.0", ipamType: null)).Ok();
        var result = (Result)CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout));
        Assert.Empty(result.Ips);
        Assert.Equal(3, result.Interfaces.Count);
        Assert.Contains("state UP", Shell.Ok("ip", "-n", ns.Name, "link", "show", "eth0"), StringComparison.Ordinal);
        CniBinary.Exec("bridge", Env("DEL", "c2" + _id, ns), Conf("1.0.0", ipamType: null)).Ok();
    }

    [Fact]
    public void A_failed_add_leaves_no_veth_behind()
    {
        Root.Require();
        using var ns = new TestNetns("brfail");
        var e = CniBinary.Exec("bridge", Env("ADD", "c3" + _id, ns), Conf("1.0.0", ipamType: "no-such-ipam")).Error();
        Assert.Contains("no-such-ipam", e.Msg, StringComparison.Ordinal);
        // The container end is gone, so its peer on the host went with it (a veth pair dies as one);
        // counting host veths instead would race with other tests.
        Assert.DoesNotContain("eth0", Shell.Ok("ip", "-n", ns.Name, "link"), StringComparison.Ordinal);
        // The bridge was made by this ADD, so the failed ADD removed it again.
        Assert.NotEqual(0, Shell.Run("ip", "link", "show", _bridge).Exit);
    }

    [Theory]
    [InlineData("\"vlan\":5000", "invalid VLAN ID 5000 (must be between 0 and 4094)")]
    [InlineData("\"hairpinMode\":true,\"promiscMode\":true", "cannot set hairpin mode and promiscuous mode at the same time")]
    [InlineData("\"vlanTrunk\":[{\"minID\":5}]", "minID and maxID should be configured simultaneously, maxID is missing")]
    [InlineData("\"portIsolation\":\"true\"", "failed to load netconf")]
    public void Bad_config_is_refused_before_anything_is_made(string extra, string message)
    {
        Root.Require();
        using var ns = new TestNetns("brbad");
        var node = System.Text.Json.Nodes.JsonNode.Parse(Conf("1.0.0"))!.AsObject();
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse("{" + extra + "}")!.AsObject().ToList())
        {
            node[key] = value?.DeepClone();
        }
        var conf = node.ToJsonString();
        var e = CniBinary.Exec("bridge", Env("ADD", "c4" + _id, ns), conf).Error();
        Assert.StartsWith(message, e.Msg, StringComparison.Ordinal);
        Assert.Equal(1, Shell.Run("ip", "link", "show", _bridge).Exit);
    }

    /// <summary>A name no ADD could use must not make the pod undeletable (Go's DEL ignores it too).</summary>
    [Fact]
    public void Del_succeeds_with_a_bridge_name_add_refuses()
    {
        Root.Require();
        using var ns = new TestNetns("brlong");
        var conf = Conf("1.0.0").Replace($"\"bridge\":\"{_bridge}\"", "\"bridge\":\"averyveryverylongbridgename\"", StringComparison.Ordinal);
        var e = CniBinary.Exec("bridge", Env("ADD", "c5" + _id, ns), conf).Error();
        Assert.Contains("invalid bridge name", e.Msg, StringComparison.Ordinal);
        CniBinary.Exec("bridge", Env("DEL", "c5" + _id, ns), conf).Ok();
    }

    private static string WithPrev(string conf, string result)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(conf)!.AsObject();
        node["prevResult"] = System.Text.Json.Nodes.JsonNode.Parse(result);
        return node.ToJsonString();
    }

    [Fact]
    public void Gc_goes_to_host_local_which_releases_what_is_not_valid_and_a_crashed_run_s_temporary_file()
    {
        Root.Require();
        using var kept = new TestNetns("gck");
        using var gone = new TestNetns("gcg");
        var conf = Conf("1.1.0", dualStack: false, ipMasq: false);
        CniBinary.Exec("bridge", Env("ADD", "k" + _id, kept), conf).Ok();
        CniBinary.Exec("bridge", Env("ADD", "g" + _id, gone), conf).Ok();
        var store = Path.Combine(_dataDir, Net);
        var leftover = Path.Combine(store, ".cni-index", "reserve.tmp.999999");
        File.WriteAllText(leftover, "a host-local killed between writing and linking its reservation");

        var gc = conf.Replace("\"ipam\":", $"\"cni.dev/valid-attachments\":[{{\"containerID\":\"k{_id}\",\"ifname\":\"eth0\"}}],\"ipam\":", StringComparison.Ordinal);
        var env = CniBinary.Env("GC", containerId: null, ifname: null);
        env["CNI_PATH"] = CniBinary.Dir;
        CniBinary.Exec("bridge", env, gc).Ok();

        var owners = Directory.GetFiles(store).Where(f => System.Net.IPAddress.TryParse(Path.GetFileName(f), out _)).Select(File.ReadAllText).ToList();
        Assert.Equal(["k" + _id + "\r\neth0"], owners);
        Assert.False(File.Exists(leftover));
        CniBinary.Exec("bridge", Env("DEL", "k" + _id, kept), conf).Ok();
        CniBinary.Exec("bridge", Env("DEL", "g" + _id, gone), conf).Ok();
    }

    public void Dispose()
    {
        Shell.Run("ip", "link", "delete", _bridge);
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
    }
}
