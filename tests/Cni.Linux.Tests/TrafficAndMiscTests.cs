using Cni.Linux.Tests.Support;

namespace Cni.Linux.Tests;

[Trait("Category", "Integration")]
public sealed class TrafficAndMiscTests
{
    [Fact]
    public void Bandwidth_plugin_setup_tbf_ingress_and_redirect_to_ifb()
    {
        using var test = TestNetNs.Create();
        using var rtnl = Rtnl.OpenIn(test.Ns);
        var veth = rtnl.Links.Create(new VethSpec { Name = "veth0", PeerName = "veth1" })!;
        var ifb = rtnl.Links.Create(new SimpleLinkSpec { Name = "bwp0", Kind = "ifb", TxQueueLen = 0 })!;
        rtnl.Links.SetUp(ifb.Index);

        ulong rate = 125_000; // 1 Mbit/s
        uint burst = 10_000;
        var buffer = PacketScheduler.TransmitTicks(rate, burst);
        var limit = (uint)(rate * 25 / 1000 + burst);
        rtnl.Traffic.AddTbf(veth.Index, rate, limit, buffer);
        rtnl.Traffic.AddIngress(veth.Index);
        rtnl.Traffic.AddRedirectFilter(veth.Index, ifb.Index);
        rtnl.Traffic.AddTbf(ifb.Index, rate, limit, buffer);

        var tbf = Ip.RunJson("tc", "-j", "-n", test.Name, "qdisc", "show", "dev", "veth0").EnumerateArray().Single(q => q.GetProperty("kind").GetString() == "tbf");
        Assert.Equal("1:", tbf.GetProperty("handle").GetString());
        Assert.Equal(125_000, tbf.GetProperty("options").GetProperty("rate").GetInt64());
        Assert.Equal((int)burst, tbf.GetProperty("options").GetProperty("burst").GetInt32()); // tc derives it from buffer ticks
        Assert.Contains(Ip.RunJson("tc", "-j", "-n", test.Name, "qdisc", "show", "dev", "veth0").EnumerateArray(), q => q.GetProperty("kind").GetString() == "ingress");
        var filters = Ip.Run("tc", "-n", test.Name, "filter", "show", "dev", "veth0", "parent", "ffff:");
        Assert.Contains("u32", filters);
        Assert.Contains("Redirect to device bwp0", filters);

        var ours = rtnl.Traffic.ListQdiscs(veth.Index).Single(q => q.Kind == "tbf");
        Assert.Equal((rate, limit, buffer), (ours.Rate!.Value, ours.Limit!.Value, ours.Buffer!.Value));
        Assert.Equal(0x0001_0000u, ours.Handle);

        rtnl.Traffic.DeleteQdisc(veth.Index, ingress: true);
        rtnl.Traffic.DeleteQdisc(veth.Index);
        Assert.DoesNotContain(rtnl.Traffic.ListQdiscs(veth.Index), q => q.Kind is "tbf" or "ingress");
    }

    [Fact]
    public void Sysctl_is_per_namespace_and_forwarding_helpers_set_it()
    {
        using var test = TestNetNs.Create();
        // A new namespace may inherit the host's forwarding setting (devconf_inherit_init_net): start from off.
        test.Ns.Run(() => Sysctl.Set("net.ipv4.ip_forward", "0"));
        Assert.Equal("0", test.Ns.Run(() => Sysctl.Get("net.ipv4.ip_forward")));
        test.Ns.Run(Sysctl.EnableIPv4Forwarding);
        test.Ns.Run(Sysctl.EnableIPv6Forwarding);
        Assert.Equal("1", Ip.Run("ip", "netns", "exec", test.Name, "cat", "/proc/sys/net/ipv4/ip_forward").Trim());
        Assert.Equal("1", Ip.Run("ip", "netns", "exec", test.Name, "cat", "/proc/sys/net/ipv6/conf/all/forwarding").Trim());
        test.Ns.Run(() => Sysctl.Set("net/ipv6/conf/lo/accept_ra", "0"));
        Assert.Equal("0", test.Ns.Run(() => Sysctl.Get("net/ipv6/conf/lo/accept_ra")));
        Assert.Throws<ArgumentException>(() => Sysctl.Get("net/../../etc/passwd"));
    }

    [Fact]
    public void Tap_is_created_persistent_with_owner_in_the_namespace()
    {
        using var test = TestNetNs.Create();
        Tap.Create("tap0", new TapOptions { MultiQueue = true, Owner = 1000, Group = 1000 }, test.Ns);
        var tap = Ip.Link(test.Name, "tap0");
        var info = tap.GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal("tap", info.GetProperty("type").GetString());
        // ip prints the names of uid/gid 1000 when they exist, the numbers otherwise.
        Assert.Equal(NameOrId("passwd", 1000), info.GetProperty("user").ToString());
        Assert.Equal(NameOrId("group", 1000), info.GetProperty("group").ToString());
        Assert.True(info.GetProperty("multi_queue").GetBoolean());
        Assert.True(info.GetProperty("persist").GetBoolean());

        using var rtnl = Rtnl.OpenIn(test.Ns);
        rtnl.Links.Delete(rtnl.Links.Get("tap0")!.Index);
        Assert.Null(rtnl.Links.Get("tap0"));
    }

    private static string NameOrId(string database, int id)
    {
        try
        {
            var entry = Ip.Run("getent", database, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return entry.Split(':')[0];
        }
        catch (InvalidOperationException)
        {
            return id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
