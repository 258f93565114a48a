using Cni.Linux.Internal;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Tests.Internal;

/// <summary>
/// Link requests against what iproute2 6.x sends for the same command (bodies after the 16-byte nlmsghdr
/// captured with strace; ip link add sets NLM_F_REQUEST|NLM_F_ACK|NLM_F_CREATE|NLM_F_EXCL = 0x605, as we do).
/// Kinds this machine's kernel lacks (vlan, ipvlan, dummy, bridge vlan filtering) are proven here byte-exact
/// and in the VM tests against a full kernel.
/// </summary>
public sealed class LinkEncodingTests
{
    [Fact]
    public void Bridge_with_vlan_filtering_and_mcast_snooping() => AssertRequest(
        NetlinkWriter.NewLink(new byte[1024], new BridgeSpec { Name = "cni0", VlanFiltering = true, McastSnooping = false }),
        RTM_NEWLINK, 0x605,
        "0000000000000000000000000000000009000300636e693000000000240012000a00010062726964676500001400020005000700010000000500170000000000");

    [Fact]
    public void Vlan_id_100_on_parent_3() => AssertRequest(
        NetlinkWriter.NewLink(new byte[1024], new VlanSpec { Name = "v100", ParentIndex = 3, VlanId = 100 }),
        RTM_NEWLINK, 0x605,
        "0000000000000000000000000000000008000500030000000900030076313030000000001800120008000100766c616e0c0002000600010064000000");

    [Fact]
    public void Ipvlan_l3_private_on_parent_3() => AssertRequest(
        NetlinkWriter.NewLink(new byte[1024], new IpvlanSpec { Name = "iv0", ParentIndex = 3, Mode = IpvlanMode.L3, Flag = IpvlanFlag.Private }),
        RTM_NEWLINK, 0x605,
        "0000000000000000000000000000000008000500030000000800030069763000240012000a0001006970766c616e00001400020006000100010000000600020001000000");

    [Fact]
    public void Dummy() => AssertRequest(
        NetlinkWriter.NewLink(new byte[1024], new SimpleLinkSpec { Name = "d0", Kind = "dummy" }),
        RTM_NEWLINK, 0x605,
        "000000000000000000000000000000000700030064300000100012000900010064756d6d79000000");

    [Fact]
    public void Macvlan_private_on_parent_3() => AssertRequest(
        NetlinkWriter.NewLink(new byte[1024], new MacvlanSpec { Name = "mv0", ParentIndex = 3, Mode = MacvlanMode.Private }),
        RTM_NEWLINK, 0x605,
        "000000000000000000000000000000000800050003000000080003006d7630001c0012000b0001006d6163766c616e000c0002000800010001000000");

    [Fact]
    public void Bridge_vlan_add_pvid_untagged_on_port() => AssertRequest(
        NetlinkWriter.BridgeVlan(new byte[1024], add: true, index: 3, vid: 100, pvid: true, untagged: true, self: false),
        RTM_SETLINK, 0x005,
        "070000000300000000000000000000000c001a000800020006006400");

    [Fact]
    public void Bridge_vlan_add_self_on_bridge() => AssertRequest(
        NetlinkWriter.BridgeVlan(new byte[1024], add: true, index: 4, vid: 100, pvid: false, untagged: false, self: true),
        RTM_SETLINK, 0x005,
        "0700000004000000000000000000000014001a0006000000020000000800020000006400");

    [Fact]
    public void Bridge_port_hairpin_on_learning_off_isolated_on() => AssertRequest(
        NetlinkWriter.SetBridgePort(new byte[1024], 3, hairpin: true, learning: false, isolated: true),
        RTM_SETLINK, 0x005,
        "070000000300000000000000000000001c000c80050004000100000005000800000000000500210001000000");

    private static void AssertRequest(NetlinkWriter writer, ushort type, ushort flags, string body)
    {
        var request = writer.Complete();
        NetlinkSocket.Stamp(request, 0, dump: false);
        Assert.Equal((uint)request.Length, BitConverter.ToUInt32(request));
        Assert.Equal(type, BitConverter.ToUInt16(request[4..]));
        Assert.Equal(flags, BitConverter.ToUInt16(request[6..]));
        Assert.Equal(body, Convert.ToHexStringLower(request[NLMSG_HDRLEN..]));
    }
}
