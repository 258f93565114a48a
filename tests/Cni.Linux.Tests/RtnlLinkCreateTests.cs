using System.Net;
using System.Net.NetworkInformation;
using Cni.Linux.Tests.Support;

namespace Cni.Linux.Tests;

[Trait("Category", "Integration")]
public sealed class RtnlLinkCreateTests
{
    [Fact]
    public void Veth_peer_is_born_in_the_other_namespace()
    {
        using var host = TestNetNs.Create();
        using var container = TestNetNs.Create();
        using var rtnl = Rtnl.OpenIn(container.Ns);

        var eth0 = rtnl.Links.Create(new VethSpec
        {
            Name = "eth0",
            PeerName = "veth1234abcd",
            PeerNamespace = host.Ns,
            Mtu = 1400,
            Mac = PhysicalAddress.Parse("02-42-c6-12-00-05"),
        });

        Assert.NotNull(eth0);
        Assert.Equal("veth", eth0.Kind);
        Assert.NotNull(eth0.LinkIndex);
        var ipEth0 = Ip.Link(container.Name, "eth0");
        Assert.Equal(1400, ipEth0.GetProperty("mtu").GetInt32());
        Assert.Equal("02:42:c6:12:00:05", ipEth0.GetProperty("address").GetString());
        var peer = Ip.Link(host.Name, "veth1234abcd");
        Assert.Equal(eth0.LinkIndex, peer.GetProperty("ifindex").GetInt32());
        Assert.Equal(1400, peer.GetProperty("mtu").GetInt32());
        Assert.Equal("veth", peer.GetProperty("linkinfo").GetProperty("info_kind").GetString());

        var e = Assert.Throws<LinuxException>(() => rtnl.Links.Create(new VethSpec { Name = "eth0", PeerName = "vethx" }));
        Assert.Equal(17, e.Errno);
        Assert.Equal($"creating veth eth0 (peer vethx) in {container.Path}: File exists", e.Message);

        rtnl.Links.Delete(eth0.Index);
        Assert.Null(rtnl.Links.Get("eth0"));
        Assert.Empty(Ip.Json(host.Name, "link", "show", "type", "veth").EnumerateArray());
    }

    [Fact]
    public void Bridge_with_options_and_port_flags()
    {
        // This kernel lacks CONFIG_BRIDGE_VLAN_FILTERING: vlan_filtering and bridge VLANs are proven in
        // LinkEncodingTests (byte-exact against iproute2) and in the VM tests.
        using var test = TestNetNs.Create();
        using var rtnl = Rtnl.OpenIn(test.Ns);

        var br = rtnl.Links.Create(new BridgeSpec { Name = "cni0", Mtu = 1450, McastSnooping = false })!;
        var ipBr = Ip.Link(test.Name, "cni0");
        Assert.Equal(1450, ipBr.GetProperty("mtu").GetInt32());
        Assert.Equal(0, ipBr.GetProperty("linkinfo").GetProperty("info_data").GetProperty("mcast_snooping").GetInt32());

        var port = rtnl.Links.Create(new VethSpec { Name = "vport0", PeerName = "vpeer0", MasterIndex = br.Index })!;
        Assert.Equal(br.Index, port.MasterIndex);
        Assert.Equal("bridge", port.SlaveKind);
        Assert.Equal("cni0", Ip.Link(test.Name, "vport0").GetProperty("master").GetString());

        rtnl.Links.SetBridgePort(port.Index, hairpin: true, learning: false, isolated: true);
        var slave = Ip.Link(test.Name, "vport0").GetProperty("linkinfo").GetProperty("info_slave_data");
        Assert.True(slave.GetProperty("hairpin").GetBoolean());
        Assert.False(slave.GetProperty("learning").GetBoolean());
        Assert.True(slave.GetProperty("isolated").GetBoolean());

        rtnl.Links.SetNoMaster(port.Index);
        Assert.Null(rtnl.Links.Get(port.Index)!.MasterIndex);
        Assert.False(Ip.Link(test.Name, "vport0").TryGetProperty("master", out _));
        rtnl.Links.SetMaster(port.Index, br.Index);
        Assert.Equal("cni0", Ip.Link(test.Name, "vport0").GetProperty("master").GetString());
    }

    [Fact]
    public void Macvlan_vxlan_ifb_are_created_with_their_options()
    {
        using var test = TestNetNs.Create();
        using var rtnl = Rtnl.OpenIn(test.Ns);
        var parent = rtnl.Links.Create(new VethSpec { Name = "parent0", PeerName = "parent1" })!;

        var mv = rtnl.Links.Create(new MacvlanSpec { Name = "mv0", ParentIndex = parent.Index, Mode = MacvlanMode.Private })!;
        Assert.Equal("macvlan", mv.Kind);
        Assert.Equal(parent.Index, mv.LinkIndex);
        Assert.Equal("private", Ip.Link(test.Name, "mv0").GetProperty("linkinfo").GetProperty("info_data").GetProperty("mode").GetString());

        rtnl.Links.Create(new VxlanSpec { Name = "vx0", Vni = 42, Local = IPAddress.Parse("198.18.0.1"), Port = 4789, Learning = false });
        var vx = Ip.Link(test.Name, "vx0").GetProperty("linkinfo").GetProperty("info_data");
        Assert.Equal(42, vx.GetProperty("id").GetInt32());
        Assert.Equal("198.18.0.1", vx.GetProperty("local").GetString());
        Assert.Equal(4789, vx.GetProperty("port").GetInt32());
        Assert.False(vx.GetProperty("learning").GetBoolean());

        var ifb = rtnl.Links.Create(new SimpleLinkSpec { Name = "ifb0", Kind = "ifb", TxQueueLen = 32 })!;
        Assert.Equal("ifb", ifb.Kind);
        Assert.Equal(32, Ip.Link(test.Name, "ifb0").GetProperty("txqlen").GetInt32());
    }

    [Fact]
    public void Link_attributes_change_and_move_between_namespaces()
    {
        using var test = TestNetNs.Create();
        using var other = TestNetNs.Create();
        using var rtnl = Rtnl.OpenIn(test.Ns);
        var link = rtnl.Links.Create(new VethSpec { Name = "a0", PeerName = "b0" })!;

        rtnl.Links.SetMtu(link.Index, 1280);
        rtnl.Links.SetMac(link.Index, PhysicalAddress.Parse("02-00-00-00-00-aa"));
        rtnl.Links.SetName(link.Index, "renamed0");
        rtnl.Links.SetAlias(link.Index, "pod veth");
        rtnl.Links.SetTxQueueLen(link.Index, 500);
        rtnl.Links.SetPromisc(link.Index, true);
        rtnl.Links.SetAllMulti(link.Index, true);

        var ip = Ip.Link(test.Name, "renamed0");
        Assert.Equal(1280, ip.GetProperty("mtu").GetInt32());
        Assert.Equal("02:00:00:00:00:aa", ip.GetProperty("address").GetString());
        Assert.Equal("pod veth", ip.GetProperty("ifalias").GetString());
        Assert.Equal(500, ip.GetProperty("txqlen").GetInt32());
        var flags = ip.GetProperty("flags").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Contains("PROMISC", flags);
        Assert.Contains("ALLMULTI", flags);
        var ours = rtnl.Links.Get("renamed0")!;
        Assert.Equal("pod veth", ours.Alias);
        Assert.Equal(500, ours.TxQueueLen);

        rtnl.Links.SetNamespace(link.Index, other.Ns);
        Assert.Null(rtnl.Links.Get("renamed0"));
        Assert.Equal("renamed0", Ip.Link(other.Name, "renamed0").GetProperty("ifname").GetString());
    }
}
