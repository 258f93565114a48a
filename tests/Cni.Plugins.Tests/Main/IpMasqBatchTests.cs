using Cni.Plugins.Common;
using Cni.Plugins.Tests.Harness;
using Cni.Plugins.Tests.Meta;
using Xunit;

namespace Cni.Plugins.Tests.Main;

/// <summary>The iptables masquerade as one save + one restore per family, producing Go's rules.</summary>
public sealed class IpMasqBatchTests
{
    private const string Chain = "CNI-2bbe0c48b91a7d1b8a6753a8";
    private const string Comment = "name: \"test\" id: \"1234\"";

    [Fact]
    public void Setup_batch_is_gos_rules_in_gos_order_and_skips_existing_jumps()
    {
        var nat = IptablesSnapshot.Parse($"*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -s 198.18.0.5/32 -m comment --comment \"x\" -j {Chain}\nCOMMIT\n");
        var batch = IpMasq.SetupBatch(true, [CidrAddress.Parse("198.18.0.5/24"), CidrAddress.Parse("198.18.1.6/24")], Chain, Comment, nat);
        Assert.Equal(
            "*nat\n" +
            $":{Chain} - [0:0]\n-F {Chain}\n" +
            $"-A {Chain} -d 198.18.0.5/24 -j ACCEPT -m comment --comment \"name: \\\"test\\\" id: \\\"1234\\\"\"\n" +
            $"-A {Chain} ! -d 224.0.0.0/4 -j MASQUERADE -m comment --comment \"name: \\\"test\\\" id: \\\"1234\\\"\"\n" +
            $"-A {Chain} -d 198.18.1.6/24 -j ACCEPT -m comment --comment \"name: \\\"test\\\" id: \\\"1234\\\"\"\n" +
            $"-A POSTROUTING -s 198.18.1.6 -j {Chain} -m comment --comment \"name: \\\"test\\\" id: \\\"1234\\\"\"\n" +
            "COMMIT\n",
            batch);
    }

    [Fact]
    public void Read_free_batches_create_the_chain_with_every_jump_and_delete_exactly_those_jumps()
    {
        CidrAddress[] ips = [CidrAddress.Parse("198.18.0.5/24"), CidrAddress.Parse("198.18.1.6/24")];
        var c = "-m comment --comment \"name: \\\"test\\\" id: \\\"1234\\\"\"";
        Assert.Equal(
            $"*nat\n-N {Chain}\n" +
            $"-A {Chain} -d 198.18.0.5/24 -j ACCEPT {c}\n-A {Chain} ! -d 224.0.0.0/4 -j MASQUERADE {c}\n-A {Chain} -d 198.18.1.6/24 -j ACCEPT {c}\n" +
            $"-A POSTROUTING -s 198.18.0.5 -j {Chain} {c}\n-A POSTROUTING -s 198.18.1.6 -j {Chain} {c}\nCOMMIT\n",
            IpMasq.SetupBatch(true, ips, Chain, Comment, null));
        Assert.Equal(
            $"*nat\n-D POSTROUTING -s 198.18.0.5 -j {Chain} {c}\n-D POSTROUTING -s 198.18.1.6 -j {Chain} {c}\n-F {Chain}\n-X {Chain}\nCOMMIT\n",
            IpMasq.KnownTeardownBatch(ips, Chain, Comment));
    }

    [Fact]
    public void Teardown_batch_goes_by_chain_name_and_is_null_when_nothing_is_there()
    {
        var nat = IptablesSnapshot.Parse(
            $"*nat\n:{Chain} - [0:0]\n-A POSTROUTING -s 198.18.0.5/32 -m comment --comment \"x\" -j {Chain}\n-A POSTROUTING -s 198.18.0.0/24 -j {Chain}\n" +
            $"-A POSTROUTING -s 198.18.0.9/32 -j {Chain}9\n-A {Chain} -j ACCEPT\nCOMMIT\n");
        Assert.Equal(
            $"*nat\n-D POSTROUTING -s 198.18.0.5/32 -m comment --comment \"x\" -j {Chain}\n-D POSTROUTING -s 198.18.0.0/24 -j {Chain}\n-F {Chain}\n-X {Chain}\nCOMMIT\n",
            IpMasq.TeardownBatch(Chain, nat));
        Assert.Null(IpMasq.TeardownBatch(Chain, IptablesSnapshot.Parse("*nat\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n")));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void Rules_match_gos_check_and_del_removes_them_in_a_namespace_playing_the_host()
    {
        Root.Require();
        using var host = new TestNetns("masqhost");
        using var a = new BridgeAttachment("masq", hostNs: host.Name);
        var conf = System.Text.Json.Nodes.JsonNode.Parse(a.BridgeConf)!.AsObject();
        conf["ipMasq"] = true;
        // The attachment again, now with ipMasq, in the namespace playing the host.
        var masqConf = conf.ToJsonString();
        MetaTestSupport.ExecIn(host.Name, "bridge", MetaTestSupport.Env("DEL", a.ContainerId, a.Ns.Path), a.BridgeConf).Ok();
        var add = MetaTestSupport.ExecIn(host.Name, "bridge", MetaTestSupport.Env("ADD", a.ContainerId, a.Ns.Path), masqConf).Ok().Stdout;
        var chain = ChainNames.Chain(a.Network, a.ContainerId);
        var comment = ChainNames.Comment(a.Network, a.ContainerId);
        var ip = ResultConverters.ToCurrent(CniResults.Parse(System.Text.Encoding.UTF8.GetBytes(add))).Ips[0].Address.Address.ToString();
        string[] Ipt(params string[] rule) => ["netns", "exec", host.Name, "iptables", "-t", "nat", .. rule];
        Assert.Equal(0, Shell.Run("ip", Ipt("-C", chain, "-d", ip + "/24", "-j", "ACCEPT", "-m", "comment", "--comment", comment)).Exit);
        Assert.Equal(0, Shell.Run("ip", Ipt("-C", chain, "!", "-d", "224.0.0.0/4", "-j", "MASQUERADE", "-m", "comment", "--comment", comment)).Exit);
        Assert.Equal(0, Shell.Run("ip", Ipt("-C", "POSTROUTING", "-s", ip, "-j", chain, "-m", "comment", "--comment", comment)).Exit);
        Assert.Single(Shell.Ok("ip", Ipt("-S", "POSTROUTING")).Split('\n'), l => l.Contains(chain, StringComparison.Ordinal));
        MetaTestSupport.ExecIn(host.Name, "bridge", MetaTestSupport.Env("DEL", a.ContainerId, a.Ns.Path), masqConf).Ok();
        Assert.DoesNotContain(chain, Shell.Ok("ip", Ipt("-S")), StringComparison.Ordinal);
    }
}
