using System.Net;
using Cni.Linux.Internal;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Tests.Internal;

public sealed class NetlinkCodecTests
{
    // Requests are compared with what iproute2 sent for the same command (strace of ip 6.x), except that we
    // always ask for an ACK (NLM_F_ACK) where ip may not, and the sequence number is the one we stamp.

    [Fact]
    public void SetLinkFlags_down_matches_ip_link_set_lo_down()
    {
        var request = NetlinkWriter.SetLinkFlags(new byte[1024], 1, 0, IFF_UP).Complete();
        NetlinkSocket.Stamp(request, 0x6b04_0ef2, dump: false);
        Assert.Equal(
            "20000000" + "1000" + "0500" + "f20e046b" + "00000000" +
            "00000000" + "01000000" + "00000000" + "01000000",
            Convert.ToHexStringLower(request));
    }

    [Fact]
    public void GetLink_by_name_matches_ip_link_show_dev_lo()
    {
        var request = NetlinkWriter.GetLink(new byte[1024], "lo").Complete();
        NetlinkSocket.Stamp(request, 1, dump: false);
        Assert.Equal(
            "30000000" + "1200" + "0500" + "01000000" + "00000000" +
            "00000000000000000000000000000000" +
            "08001d0009000000" + "070003006c6f0000",
            Convert.ToHexStringLower(request));
    }

    [Fact]
    public void DumpAddresses_sets_dump_flags_and_family()
    {
        var request = NetlinkWriter.DumpAddresses(new byte[1024], (byte)Interop.Libc.AF_INET6).Complete();
        NetlinkSocket.Stamp(request, 7, dump: true);
        Assert.Equal("18000000" + "1600" + "0103" + "07000000" + "00000000" + "0a000000" + "00000000", Convert.ToHexStringLower(request));
    }

    [Fact]
    public void Nested_attributes_get_their_length_and_padding()
    {
        var w = new NetlinkWriter(new byte[1024], RTM_NEWLINK, 0);
        w.WriteIfInfoMsg();
        var info = w.BeginNested(IFLA_LINKINFO);
        w.WriteString(IFLA_INFO_KIND, "veth");
        w.EndNested(info);
        Assert.Equal(
            "30000000100000000000000000000000" + "00000000000000000000000000000000" +
            "1000" + "1200" + "0900" + "0100" + "7665746800000000",
            Convert.ToHexStringLower(w.Complete()));
    }

    [Fact]
    public void ReadLink_decodes_a_captured_veth_bridge_port_with_nested_linkinfo()
    {
        var reader = new NetlinkReader(Captures.Bytes(Captures.VethLink));
        Assert.True(reader.TryReadMessage(out var message));
        Assert.Equal(RTM_NEWLINK, message.Type);

        var link = NetlinkReader.ReadLink(message.Payload);
        Assert.Equal(3, link.Index);
        Assert.Equal("vethcap0", link.Name);
        Assert.Equal("veth", link.Kind);
        Assert.Equal("bridge", link.SlaveKind);
        Assert.Equal(1400, link.Mtu);
        Assert.Equal(2, link.MasterIndex);
        Assert.Equal(5, link.LinkIndex);
        Assert.Equal(0, link.LinkNetNsId);
        Assert.Equal("hello", link.Alias);
        Assert.Equal("020000000001", link.Mac!.ToString());
        Assert.Equal(1000, link.TxQueueLen);
        Assert.Equal(LinkOperState.Down, link.OperState);
        Assert.False(link.IsUp);
        Assert.Equal((ushort)1, link.HardwareType);

        Assert.False(reader.TryReadMessage(out _));
    }

    [Fact]
    public void Address_dump_datagrams_decode_to_every_address()
    {
        var addresses = new List<IfAddress>();
        var reader = new NetlinkReader(Captures.Bytes(Captures.AddressDump));
        while (reader.TryReadMessage(out var message))
        {
            Assert.Equal(RTM_NEWADDR, message.Type);
            Assert.Equal(NLM_F_MULTI, message.Flags);
            addresses.Add(NetlinkReader.ReadAddress(message.Payload));
        }

        Assert.Equal(["127.0.0.1/8", "198.18.0.5/24", "fd00::5/64"], addresses.Select(a => a.ToString()));
        var v4 = addresses[1];
        Assert.Equal(2, v4.Index);
        Assert.Null(v4.Broadcast);
        Assert.Equal("br0", v4.Label);
        Assert.Equal(RouteScope.Universe, v4.Scope);
        Assert.Equal(AddressFlags.Permanent, v4.Flags);
        Assert.Equal(AddressFlags.Permanent | AddressFlags.NoDad, addresses[2].Flags);
        Assert.Equal(RouteScope.Host, addresses[0].Scope);

        var done = new NetlinkReader(Captures.Bytes(Captures.AddressDumpDone));
        Assert.True(done.TryReadMessage(out var end));
        Assert.Equal(NLMSG_DONE, end.Type);
    }

    [Fact]
    public void Extended_ack_message_is_read_after_the_capped_request()
    {
        // NLMSG_ERROR -EINVAL, capped echo of the request header, NLMSGERR_ATTR_MSG "Unknown device type".
        var hex = "3c000000" + "0200" + "0003" + "01000000" + "00000000" +
            "eaffffff" + "30000000100005060100000000000000" +
            "18000100" + "556e6b6e6f776e20646576696365207479706500";
        var reader = new NetlinkReader(Convert.FromHexString(hex));
        Assert.True(reader.TryReadMessage(out var message));
        Assert.Equal("Unknown device type", NetlinkSocket.ExtendedAckMessage(message));
    }
}
