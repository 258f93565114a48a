using System.Text.Json;
using Cni.Plugins.Meta.Bandwidth;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Meta;

public sealed class BandwidthUnitTests
{
    [Fact]
    public void Tbf_parameters_use_go_arithmetic()
    {
        // 8000 bit/s, 80 bit burst: 1000 B/s, 10 B; buffer 10 ms = 156250 ticks at 15.625/us; limit 25 ms of rate + burst.
        Assert.Equal(new Tbf(1000, 35, 156250), Tbf.For(8000, 80, 15.625));
        var big = Tbf.For(100_000_000_000, 8_000_000, 15.625);
        Assert.Equal(12_500_000_000UL, big.Rate);
        Assert.Equal((uint)(12_500_000_000 * 25_000.0 / 1e6) + 1_000_000u, big.Limit);
    }

    [Fact]
    public void Ifb_name_is_bwp_and_12_hex_of_sha512() =>
        Assert.Equal("bwp" + Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData("netcid"u8))[..12], BandwidthPlugin.IfbName("net", "cid"));
}

[Trait("Category", "Integration")]
public sealed class BandwidthTests : IDisposable
{
    private readonly List<string> _ifbs = [];

    public void Dispose()
    {
        foreach (var ifb in _ifbs)
        {
            Shell.Run("ip", "link", "delete", ifb);
        }
    }

    private static string Conf(BridgeAttachment a, string body, string version = "1.0.0") =>
        $"{{\"cniVersion\":\"{version}\",\"name\":\"{a.Network}\",\"type\":\"bandwidth\"{body}}}";

    private static JsonElement Qdiscs(string dev)
    {
        using var doc = JsonDocument.Parse(Shell.Ok("tc", "-j", "qdisc", "show", "dev", dev));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Add_shapes_both_directions_check_passes_also_for_go_and_del_removes_the_ifb()
    {
        Root.Require();
        using var a = new BridgeAttachment("bw");
        var conf = MetaTestSupport.WithPrev(Conf(a, ",\"ingressRate\":8000000,\"ingressBurst\":80000,\"egressRate\":16000000,\"egressBurst\":160000"), a.ResultJson);
        var ifb = BandwidthPlugin.IfbName(a.Network, a.ContainerId);
        _ifbs.Add(ifb);
        var add = CniBinary.Exec("bandwidth", MetaTestSupport.Env("ADD", a.ContainerId, a.Ns.Path), conf).Ok();
        var result = ResultConverters.ToCurrent(CniResults.Parse(System.Text.Encoding.UTF8.GetBytes(add.Stdout)));
        Assert.Equal(ifb, result.Interfaces[^1].Name);

        var veth = Qdiscs(a.HostVeth).EnumerateArray().ToList();
        var tbf = Assert.Single(veth, q => q.GetProperty("kind").GetString() == "tbf");
        Assert.Equal(1_000_000, tbf.GetProperty("options").GetProperty("rate").GetInt64());
        Assert.Contains(veth, q => q.GetProperty("kind").GetString() == "ingress");
        var ifbTbf = Assert.Single(Qdiscs(ifb).EnumerateArray(), q => q.GetProperty("kind").GetString() == "tbf");
        Assert.Equal(2_000_000, ifbTbf.GetProperty("options").GetProperty("rate").GetInt64());
        Assert.Contains("mirred", Shell.Ok("tc", "filter", "show", "dev", a.HostVeth, "ingress"), StringComparison.Ordinal);
        using (var ifbLink = JsonDocument.Parse(Shell.Ok("ip", "-j", "link", "show", ifb)))
        {
            // ip leaves txqlen out when it is 0.
            Assert.False(ifbLink.RootElement[0].TryGetProperty("txqlen", out var q) && q.GetInt32() != 0);
            Assert.Equal(JsonDocument.Parse(Shell.Ok("ip", "-j", "link", "show", a.HostVeth)).RootElement[0].GetProperty("mtu").GetInt32(), ifbLink.RootElement[0].GetProperty("mtu").GetInt32());
        }

        var checkConf = MetaTestSupport.WithPrev(Conf(a, ",\"ingressRate\":8000000,\"ingressBurst\":80000,\"egressRate\":16000000,\"egressBurst\":160000"), add.Stdout);
        CniBinary.Exec("bandwidth", MetaTestSupport.Env("CHECK", a.ContainerId, a.Ns.Path), checkConf).Ok();
        MetaTestSupport.ExecGo("bandwidth", MetaTestSupport.Env("CHECK", a.ContainerId, a.Ns.Path), checkConf).Ok();
        var other = MetaTestSupport.WithPrev(Conf(a, ",\"ingressRate\":9000000,\"ingressBurst\":80000"), add.Stdout);
        Assert.Equal("Rate doesn't match", CniBinary.Exec("bandwidth", MetaTestSupport.Env("CHECK", a.ContainerId, a.Ns.Path), other).Error().Msg);

        CniBinary.Exec("bandwidth", MetaTestSupport.Env("DEL", a.ContainerId, a.Ns.Path), conf).Ok();
        Assert.NotEqual(0, Shell.Run("ip", "link", "show", ifb).Exit);
        CniBinary.Exec("bandwidth", MetaTestSupport.Env("DEL", a.ContainerId, null), conf).Ok();
    }

    [Fact]
    public void Runtime_config_is_used_only_without_top_level_keys()
    {
        Root.Require();
        using var a = new BridgeAttachment("bwrc");
        _ifbs.Add(BandwidthPlugin.IfbName(a.Network, a.ContainerId));
        var rc = ",\"runtimeConfig\":{\"bandwidth\":{\"ingressRate\":8000000,\"ingressBurst\":80000}}";
        var add = CniBinary.Exec("bandwidth", MetaTestSupport.Env("ADD", a.ContainerId, a.Ns.Path), MetaTestSupport.WithPrev(Conf(a, rc), a.ResultJson)).Ok();
        Assert.Contains(Qdiscs(a.HostVeth).EnumerateArray(), q => q.GetProperty("kind").GetString() == "tbf");
        Assert.DoesNotContain(BandwidthPlugin.IfbName(a.Network, a.ContainerId), add.Stdout, StringComparison.Ordinal);
        CniBinary.Exec("bandwidth", MetaTestSupport.Env("DEL", a.ContainerId, a.Ns.Path), Conf(a, rc)).Ok();
    }

    [Theory]
    [InlineData(",\"ingressRate\":8000", "if rate is set, burst must also be set")]
    [InlineData(",\"egressBurst\":8000", "if burst is set, rate must also be set")]
    [InlineData(",\"egressRate\":0,\"egressBurst\":8000", "if burst is set, rate must also be set")]
    [InlineData(",\"ingressRate\":8000,\"ingressBurst\":34359738360", "burst cannot be more than 4GB")]
    public void Bad_limits_are_refused_and_nothing_is_made(string body, string message)
    {
        Root.Require();
        using var a = new BridgeAttachment("bwbad");
        var e = CniBinary.Exec("bandwidth", MetaTestSupport.Env("ADD", a.ContainerId, a.Ns.Path), MetaTestSupport.WithPrev(Conf(a, body), a.ResultJson)).Error();
        Assert.Equal(message, e.Msg);
        Assert.DoesNotContain(Qdiscs(a.HostVeth).EnumerateArray(), q => q.GetProperty("kind").GetString() == "tbf");
    }

    [Fact]
    public void No_limits_pass_the_previous_result_through()
    {
        Root.Require();
        using var a = new BridgeAttachment("bwnone");
        var add = CniBinary.Exec("bandwidth", MetaTestSupport.Env("ADD", a.ContainerId, a.Ns.Path), MetaTestSupport.WithPrev(Conf(a, ""), a.ResultJson)).Ok();
        Assert.Equal(a.Result.Interfaces.Count, ResultConverters.ToCurrent(CniResults.Parse(System.Text.Encoding.UTF8.GetBytes(add.Stdout))).Interfaces.Count);
    }
}
