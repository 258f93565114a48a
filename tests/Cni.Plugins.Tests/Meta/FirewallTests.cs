using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Meta;

/// <summary>The firewall plugin in a test namespace playing the host (its filter table and nftables are private to the test).</summary>
[Trait("Category", "Integration")]
public sealed class FirewallTests : IDisposable
{
    private readonly TestNetns _host = new("fwhost");

    private static string Conf(BridgeAttachment a, string extra = "", string version = "1.0.0") =>
        $"{{\"cniVersion\":\"{version}\",\"name\":\"{a.Network}\",\"type\":\"firewall\"{extra}}}";

    private CniBinary.Outcome Run(BridgeAttachment a, string command, string conf) =>
        MetaTestSupport.ExecIn(_host.Name, "firewall", MetaTestSupport.Env(command, a.ContainerId, a.Ns.Path), conf);

    private string Filter() => Shell.Ok("ip", "netns", "exec", _host.Name, "iptables-save", "-t", "filter");

    [Fact]
    public void Iptables_add_is_idempotent_go_checks_it_and_del_removes_the_address_rules()
    {
        Root.Require();
        using var a = new BridgeAttachment("fw", hostNs: _host.Name);
        var conf = MetaTestSupport.WithPrev(Conf(a, ",\"backend\":\"iptables\""), a.ResultJson);
        Assert.Contains(a.ContainerIPv4, Run(a, "ADD", conf).Ok().Stdout, StringComparison.Ordinal);
        Run(a, "ADD", conf).Ok();
        var filter = Filter();
        Assert.Contains("-A FORWARD -m comment --comment \"CNI firewall plugin rules\" -j CNI-FORWARD", filter, StringComparison.Ordinal);
        Assert.Contains("-A CNI-FORWARD -m comment --comment \"CNI firewall plugin admin overrides\" -j CNI-ADMIN", filter, StringComparison.Ordinal);
        var established = $"-A CNI-FORWARD -d {a.ContainerIPv4}/32 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT";
        Assert.Single(filter.Split('\n'), l => l == established);
        Assert.Single(filter.Split('\n'), l => l == $"-A CNI-FORWARD -s {a.ContainerIPv4}/32 -j ACCEPT");

        Run(a, "CHECK", conf).Ok();
        var go = Shell.Run("ip", "netns", "exec", _host.Name, "sh", "-c",
            $"CNI_COMMAND=CHECK CNI_CONTAINERID={a.ContainerId} CNI_NETNS={a.Ns.Path} CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni /usr/lib/cni/firewall <<'EOF'\n{conf}\nEOF");
        Assert.True(go.Exit == 0, "Go's CHECK rejected our rules: " + go.Stdout + go.Stderr);

        Run(a, "DEL", conf).Ok();
        Assert.DoesNotContain(a.ContainerIPv4, Filter(), StringComparison.Ordinal);
        Assert.NotEqual(0, Run(a, "CHECK", conf).Exit);
        Run(a, "DEL", conf).Ok();
    }

    [Fact]
    public void Same_bridge_policy_blocks_traffic_between_bridges()
    {
        Root.Require();
        using var a = new BridgeAttachment("fwa", hostNs: _host.Name);
        using var b = new BridgeAttachment("fwb", hostNs: _host.Name);
        Shell.Ok("ip", "-n", a.Ns.Name, "route", "add", b.Subnet + ".0/24", "via", a.Gateway);
        Shell.Ok("ip", "-n", b.Ns.Name, "route", "add", a.Subnet + ".0/24", "via", b.Gateway);
        bool Ping() => Shell.Run("ip", "netns", "exec", a.Ns.Name, "ping", "-c", "1", "-W", "1", b.ContainerIPv4).Exit == 0;
        Assert.True(Ping(), "no path between the bridges to start with");

        foreach (var x in new[] { a, b })
        {
            Run(x, "ADD", MetaTestSupport.WithPrev(Conf(x, ",\"backend\":\"iptables\",\"ingressPolicy\":\"same-bridge\""), x.ResultJson)).Ok();
        }
        var filter = Filter();
        Assert.Contains($"-A CNI-ISOLATION-STAGE-1 -i {a.Bridge} ! -o {a.Bridge} -m comment --comment \"CNI firewall plugin rules (ingressPolicy: same-bridge)\" -j CNI-ISOLATION-STAGE-2", filter, StringComparison.Ordinal);
        Assert.Contains($"-A CNI-ISOLATION-STAGE-2 -o {b.Bridge} -m comment --comment \"CNI firewall plugin rules (ingressPolicy: same-bridge|isolated)\" -j DROP", filter, StringComparison.Ordinal);
        Assert.False(Ping(), "traffic crossed from one bridge to another");
        Assert.Equal(0, Shell.Run("ip", "netns", "exec", a.Ns.Name, "ping", "-c", "1", "-W", "1", a.Gateway).Exit);
    }

    [Fact]
    public void Nftables_variant_keeps_per_attachment_rules_and_del_needs_no_prev_result()
    {
        Root.Require();
        using var a = new BridgeAttachment("fwnft", hostNs: _host.Name);
        var conf = MetaTestSupport.WithPrev(Conf(a, ",\"backend\":\"nftables\",\"ingressPolicy\":\"isolated\""), a.ResultJson);
        Run(a, "ADD", conf).Ok();
        Run(a, "ADD", conf).Ok();
        var table = Shell.Ok("ip", "netns", "exec", _host.Name, "nft", "list", "table", "inet", "cni_firewall");
        Assert.Single(table.Split('\n'), l => l.Contains($"ip saddr {a.ContainerIPv4} accept", StringComparison.Ordinal));
        Assert.Contains($"iifname \"{a.Bridge}\" oifname \"{a.Bridge}\" drop", table, StringComparison.Ordinal);
        Run(a, "CHECK", conf).Ok();
        Run(a, "DEL", Conf(a, ",\"backend\":\"nftables\"")).Ok();
        Assert.DoesNotContain(a.ContainerIPv4, Shell.Ok("ip", "netns", "exec", _host.Name, "nft", "list", "table", "inet", "cni_firewall"), StringComparison.Ordinal);
        Assert.NotEqual(0, Run(a, "CHECK", conf).Exit);
    }

    [Theory]
    [InlineData(",\"ingressPolicy\":\"closed\"", "unknown ingress policy: \"closed\"")]
    public void Bad_config_is_refused(string extra, string message)
    {
        Root.Require();
        using var a = new BridgeAttachment("fwbad", hostNs: _host.Name);
        Assert.Equal(message, Run(a, "ADD", MetaTestSupport.WithPrev(Conf(a, extra), a.ResultJson)).Error().Msg);
        Assert.DoesNotContain("CNI-FORWARD", Filter(), StringComparison.Ordinal);
    }

    public void Dispose() => _host.Dispose();
}
