using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Meta;

[Trait("Category", "Integration")]
public sealed class SbrTests : IDisposable
{
    private readonly TestNetns _host = new("sbrhost");

    private static string Conf(BridgeAttachment a, string extra = "") =>
        $"{{\"cniVersion\":\"1.0.0\",\"name\":\"{a.Network}\",\"type\":\"sbr\"{extra}}}";

    private CniBinary.Outcome Run(BridgeAttachment a, string command, string conf, string? netns = "") =>
        MetaTestSupport.ExecIn(_host.Name, "sbr", MetaTestSupport.Env(command, a.ContainerId, netns == "" ? a.Ns.Path : netns), conf);

    private static string Ip(BridgeAttachment a, params string[] args) => Shell.Ok("ip", ["-n", a.Ns.Name, .. args]);

    [Fact]
    public void Add_moves_the_interface_routes_to_a_table_of_their_own_and_del_removes_the_rule()
    {
        Root.Require();
        using var a = new BridgeAttachment("sbr", hostNs: _host.Name);
        var conf = MetaTestSupport.WithPrev(Conf(a), a.ResultJson);
        var add = Run(a, "ADD", conf).Ok();
        Assert.Contains(a.ContainerIPv4, add.Stdout, StringComparison.Ordinal);
        Assert.Contains($"from {a.ContainerIPv4} lookup 100", Ip(a, "rule"), StringComparison.Ordinal);
        var t100 = Ip(a, "route", "show", "table", "100");
        Assert.Contains($"default via {a.Gateway} dev eth0", t100, StringComparison.Ordinal);
        Assert.Contains($"{a.Subnet}.0/24 dev eth0", t100, StringComparison.Ordinal);
        Assert.DoesNotContain("eth0", Ip(a, "-4", "route", "show", "table", "main"), StringComparison.Ordinal);
        // The container still reaches its gateway through the rule.
        Assert.Equal(0, Shell.Run("ip", "netns", "exec", a.Ns.Name, "ping", "-c", "1", "-W", "2", "-I", a.ContainerIPv4, a.Gateway).Exit);

        Run(a, "CHECK", conf).Ok();
        Run(a, "DEL", conf).Ok();
        Assert.DoesNotContain("lookup 100", Ip(a, "rule"), StringComparison.Ordinal);
        Run(a, "DEL", conf, netns: null).Ok();
    }

    [Fact]
    public void A_fixed_table_only_adds_the_rule()
    {
        Root.Require();
        using var a = new BridgeAttachment("sbrt", hostNs: _host.Name);
        Run(a, "ADD", MetaTestSupport.WithPrev(Conf(a, ",\"table\":555"), a.ResultJson)).Ok();
        Assert.Contains($"from {a.ContainerIPv4} lookup 555", Ip(a, "rule"), StringComparison.Ordinal);
        Assert.Contains($"{a.Subnet}.0/24 dev eth0", Ip(a, "route", "show", "table", "main"), StringComparison.Ordinal);
        Assert.DoesNotContain("default", Shell.Run("ip", "-n", a.Ns.Name, "route", "show", "table", "555").Stdout, StringComparison.Ordinal);
        Run(a, "DEL", Conf(a, ",\"table\":555")).Ok();
        Assert.DoesNotContain("lookup 555", Ip(a, "rule"), StringComparison.Ordinal);
    }

    [Fact]
    public void Static_gateway_and_source_hints()
    {
        Root.Require();
        using var a = new BridgeAttachment("sbrg", hostNs: _host.Name);
        var gw = a.Subnet + ".254";
        Run(a, "ADD", MetaTestSupport.WithPrev(Conf(a, $",\"gateways\":[\"{gw}\"],\"addSourceHints\":true"), a.ResultJson)).Ok();
        Assert.Contains($"default via {gw} dev eth0", Ip(a, "route", "show", "table", "100"), StringComparison.Ordinal);
        var main = Ip(a, "-4", "route", "show", "table", "main");
        Assert.Contains($"{a.Subnet}.0/24 dev eth0 scope link src {a.ContainerIPv4}", main, StringComparison.Ordinal);
        Assert.DoesNotContain("default", main, StringComparison.Ordinal);
        Run(a, "DEL", Conf(a)).Ok();
    }

    [Theory]
    [InlineData("\"gateways\":[\"198.18.0.1\",\"198.18.0.2\"]", "gateways list contains multiple IPv4 addresses: 198.18.0.1 and 198.18.0.2")]
    [InlineData("\"gateways\":[\"nope\"]", "invalid static gateway IP address: nope")]
    [InlineData("\"gateways\":[\"198.18.0.1\",\"fd00::1\",\"fd00::2\"]", "gateways list cannot contain more than 2 entries (one IPv4, one IPv6)")]
    public void Bad_gateways_are_refused(string extra, string message)
    {
        Root.Require();
        using var a = new BridgeAttachment("sbrbad", hostNs: _host.Name);
        Assert.Equal(message, Run(a, "ADD", MetaTestSupport.WithPrev(Conf(a, "," + extra), a.ResultJson)).Error().Msg);
        Assert.DoesNotContain("lookup 100", Ip(a, "rule"), StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();
}
