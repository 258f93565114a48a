using System.Text;
using Cni.Plugin;
using Cni.Plugins.Common;
using Cni.Plugins.Meta.Firewall;
using Cni.Plugins.Meta.Portmap;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Meta;

/// <summary>
/// The batches that change the tables without reading them first (portmap, firewall, bridge's ipMasq) must make exactly
/// the table the table-reading batches make, and must fail as a whole — changing nothing — when the host is not in the
/// state they assume (so the plugin falls back to reading). Applied with <c>iptables-restore</c> in a namespace playing
/// the host, whose tables are private to the test.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReadFreeBatchTests : IDisposable
{
    private readonly TestNetns _host = new("rfhost");
    private readonly string _dir = Directory.CreateTempSubdirectory("rfbatch").FullName;
    private int _files;

    // (No --wait: it takes an optional number of seconds and would swallow the file name; nft needs no lock.)
    private int Restore(string batch, bool v4 = true)
    {
        var file = Path.Combine(_dir, $"{++_files}.rules");
        File.WriteAllText(file, batch);
        return Shell.Run("ip", "netns", "exec", _host.Name, v4 ? "iptables-restore" : "ip6tables-restore", "--noflush", file).Exit;
    }

    /// <summary>The table without the comment lines and packet counters, which differ between identical tables.</summary>
    private string Save(string table, bool v4 = true) => string.Join('\n',
        Shell.Ok("ip", "netns", "exec", _host.Name, v4 ? "iptables-save" : "ip6tables-save", "-t", table).Split('\n')
            .Where(l => !l.StartsWith('#'))
            .Select(l => l.StartsWith(':') ? l[..l.LastIndexOf(' ')] : l));

    private IptablesSnapshot Snapshot(string table, bool v4 = true) =>
        IptablesSnapshot.Parse(Shell.Ok("ip", "netns", "exec", _host.Name, v4 ? "iptables-save" : "ip6tables-save", "-t", table));

    private static PortmapSettings Portmap(string containerId, string extra = "")
    {
        var conf = "{\"cniVersion\":\"1.0.0\",\"name\":\"rfnet\",\"type\":\"portmap\"" + extra + ",\"runtimeConfig\":{\"portMappings\":[" +
                   "{\"hostPort\":18090,\"containerPort\":80,\"protocol\":\"tcp\"},{\"hostPort\":18091,\"containerPort\":53,\"protocol\":\"udp\"}]}," +
                   "\"prevResult\":{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\"/var/run/netns/x\"}]," +
                   "\"ips\":[{\"address\":\"198.18.77.2/24\",\"interface\":0},{\"address\":\"fd00:77::2/64\",\"interface\":0}]}}";
        return PortmapSettings.Load(new PluginRequest
        {
            Command = CniCommand.Add,
            ContainerId = containerId,
            IfName = "eth0",
            Config = NetworkConfig.Parse(Encoding.UTF8.GetBytes(conf)),
        });
    }

    [Theory]
    [InlineData(true, "")]
    [InlineData(false, "")]
    [InlineData(true, ",\"externalSetMarkChain\":\"RF-MARK\"")]
    public void Portmap_read_free_add_and_del_make_the_tables_of_the_reading_path(bool v4, string extra)
    {
        Root.Require();
        var s = Portmap("rf-ctr", extra);
        var c = (v4 ? s.ContainerV4 : s.ContainerV6)!.Value;
        if (extra.Length > 0)
        {
            Assert.Equal(0, Restore("*nat\n:RF-MARK - [0:0]\nCOMMIT\n", v4));
        }
        var empty = Save("nat", v4);
        Assert.NotEqual(0, Restore(PortmapIptables.NewChainBatch(s, c), v4));
        Assert.Equal(empty, Save("nat", v4));

        Assert.Equal(0, Restore(PortmapIptables.AddBatch(s, c, Snapshot("nat", v4)), v4));
        var added = Save("nat", v4);
        Assert.Contains(PortmapIptables.DnatChain("rfnet", "rf-ctr"), added, StringComparison.Ordinal);
        Assert.Equal(0, Restore(PortmapIptables.DelBatch("rfnet", "rf-ctr", Snapshot("nat", v4))!, v4));
        var deleted = Save("nat", v4);
        Assert.DoesNotContain(PortmapIptables.DnatChain("rfnet", "rf-ctr"), deleted, StringComparison.Ordinal);

        Assert.Equal(0, Restore(PortmapIptables.NewChainBatch(s, c), v4));
        Assert.Equal(added, Save("nat", v4));
        Assert.NotEqual(0, Restore(PortmapIptables.NewChainBatch(s, c), v4));
        Assert.Equal(added, Save("nat", v4));

        Assert.Equal(0, Restore(PortmapIptables.KnownDelBatch(s, v4), v4));
        Assert.Equal(deleted, Save("nat", v4));
        Assert.NotEqual(0, Restore(PortmapIptables.KnownDelBatch(s, v4), v4));
        Assert.Equal(deleted, Save("nat", v4));
    }

    [Fact]
    public void Portmap_read_free_del_leaves_a_chain_something_else_still_jumps_to()
    {
        Root.Require();
        var s = Portmap("rf-ctr2");
        var c = s.ContainerV4!.Value;
        var legacy = PortmapIptables.LegacySnatChain("rfnet", "rf-ctr2");
        Assert.Equal(0, Restore(PortmapIptables.AddBatch(s, c, Snapshot("nat"))));
        Assert.Equal(0, Restore($"*nat\n:{PortmapIptables.LegacySnat} - [0:0]\n:{legacy} - [0:0]\n-A {PortmapIptables.LegacySnat} -s 198.18.77.2/32 -j {legacy}\nCOMMIT\n"));
        var before = Save("nat");
        Assert.NotEqual(0, Restore(PortmapIptables.KnownDelBatch(s, true)));
        Assert.Equal(before, Save("nat"));
        Assert.Equal(0, Restore(PortmapIptables.DelBatch("rfnet", "rf-ctr2", Snapshot("nat"))!));
        Assert.DoesNotContain(legacy, Save("nat"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Ipmasq_read_free_setup_and_teardown_make_the_tables_of_the_reading_path(bool v4)
    {
        Root.Require();
        var chain = ChainNames.Chain("rfnet", "rf-masq");
        var comment = ChainNames.Comment("rfnet", "rf-masq");
        CidrAddress[] ips = v4 ? [CidrAddress.Parse("198.18.77.5/24"), CidrAddress.Parse("198.18.78.5/24")] : [CidrAddress.Parse("fd00:77::5/64")];
        var empty = Save("nat", v4);
        Assert.Equal(0, Restore(IpMasq.SetupBatch(v4, ips, chain, comment, Snapshot("nat", v4)), v4));
        var added = Save("nat", v4);
        Assert.Equal(0, Restore(IpMasq.TeardownBatch(chain, Snapshot("nat", v4))!, v4));
        Assert.Equal(empty, Save("nat", v4));

        Assert.Equal(0, Restore(IpMasq.SetupBatch(v4, ips, chain, comment, null), v4));
        Assert.Equal(added, Save("nat", v4));
        Assert.NotEqual(0, Restore(IpMasq.SetupBatch(v4, ips, chain, comment, null), v4));
        Assert.Equal(added, Save("nat", v4));
        // The reading path on top of the read-free one changes nothing (no second jump).
        Assert.Equal(0, Restore(IpMasq.SetupBatch(v4, ips, chain, comment, Snapshot("nat", v4)), v4));
        Assert.Equal(added, Save("nat", v4));

        if (ips.Length > 1)
        {
            // The other address's jump still uses the chain: nothing is removed.
            Assert.NotEqual(0, Restore(IpMasq.KnownTeardownBatch(ips[..1], chain, comment), v4));
            Assert.Equal(added, Save("nat", v4));
        }
        Assert.Equal(0, Restore(IpMasq.KnownTeardownBatch(ips, chain, comment), v4));
        Assert.Equal(empty, Save("nat", v4));
        Assert.NotEqual(0, Restore(IpMasq.KnownTeardownBatch(ips, chain, comment), v4));
        Assert.Equal(empty, Save("nat", v4));
    }

    [Fact]
    public void Firewall_read_free_add_and_del_make_the_tables_of_the_reading_path()
    {
        Root.Require();
        string[] ips = ["198.18.77.9/32"];
        IptablesSnapshot Forward() => IptablesSnapshot.Parse(Shell.Ok("ip", "netns", "exec", _host.Name, "iptables", "-t", "filter", "-S", FirewallIptables.PrivChain));
        Assert.Equal(0, Restore(FirewallIptables.AddBatch(Snapshot("filter"), "CNI-ADMIN", ips, null, "open")));
        var added = Save("filter");
        Assert.Equal(0, Restore(FirewallIptables.DelBatch(Snapshot("filter"), ips)!));
        var deleted = Save("filter");
        Assert.DoesNotContain(ips[0], deleted, StringComparison.Ordinal);

        Assert.Equal(0, Restore(FirewallIptables.KnownAddBatch(Forward(), "CNI-ADMIN", ips)!));
        Assert.Equal(added, Save("filter"));
        // Again: the address rules are there, so only the FORWARD jump is asserted and nothing is added.
        var again = FirewallIptables.KnownAddBatch(Forward(), "CNI-ADMIN", ips)!;
        Assert.DoesNotContain("-A ", again, StringComparison.Ordinal);
        Assert.Equal(0, Restore(again));
        Assert.Equal(added, Save("filter"));
        Assert.Null(FirewallIptables.KnownAddBatch(Forward(), "OTHER-ADMIN", ips));

        Assert.Equal(0, Restore(FirewallIptables.KnownDelBatch(ips)));
        Assert.Equal(deleted, Save("filter"));
        Assert.NotEqual(0, Restore(FirewallIptables.KnownDelBatch(ips)));
        Assert.Equal(deleted, Save("filter"));

        // Without the FORWARD jump the read-free batch fails as a whole.
        Assert.Equal(0, Restore("*filter\n-D FORWARD -m comment --comment \"CNI firewall plugin rules\" -j CNI-FORWARD\nCOMMIT\n"));
        var noJump = Save("filter");
        Assert.NotEqual(0, Restore(FirewallIptables.KnownAddBatch(Forward(), "CNI-ADMIN", ips)!));
        Assert.Equal(noJump, Save("filter"));
    }

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
