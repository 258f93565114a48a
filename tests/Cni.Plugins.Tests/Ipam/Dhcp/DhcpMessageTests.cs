using System.Net;
using Cni.Plugins.Ipam.Dhcp;
using Xunit;

namespace Cni.Plugins.Tests.Ipam.Dhcp;

public sealed class DhcpMessageTests
{
    private static DhcpMessage Discover()
    {
        var options = new DhcpOptions();
        options.Set(DhcpOptionCode.MessageType, [(byte)DhcpMessageType.Discover]);
        options.SetUInt16(DhcpOptionCode.MaximumMessageSize, 1500);
        options.Set(DhcpOptionCode.ClientIdentifier, [0x00, (byte)'a']);
        options.Set(DhcpOptionCode.ParameterRequestList, [DhcpOptionCode.Router, DhcpOptionCode.SubnetMask]);
        return new DhcpMessage
        {
            Xid = 0x01020304,
            Flags = DhcpMessage.BroadcastFlag,
            ClientHardwareAddress = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01],
            Options = options,
        };
    }

    [Fact]
    public void Discover_encodes_byte_exact_and_is_padded_to_300_bytes()
    {
        var expected = Convert.FromHexString(
            "01010600" + "01020304" + "0000" + "8000" +
            "00000000" + "00000000" + "00000000" + "00000000" +
            "020000000001" + new string('0', 20) +
            new string('0', 2 * (64 + 128)) +
            "63825363" +
            "350101" + "390205dc" + "3d020061" + "37020301" + "ff" +
            new string('0', 2 * 44));
        Assert.Equal(expected, Discover().Encode());
    }

    [Fact]
    public void Decode_reads_back_every_field()
    {
        var bytes = Discover().Encode();
        var m = DhcpMessage.Decode(bytes);
        Assert.Equal(DhcpMessage.BootRequest, m.Op);
        Assert.Equal(0x01020304u, m.Xid);
        Assert.True(m.Broadcast);
        Assert.Equal(DhcpMessageType.Discover, m.Type);
        Assert.Equal([0x02, 0x00, 0x00, 0x00, 0x00, 0x01], m.ClientHardwareAddress);
        Assert.Equal([0x05, 0xdc], m.Options.Get(DhcpOptionCode.MaximumMessageSize)!);
        Assert.Equal([DhcpOptionCode.Router, DhcpOptionCode.SubnetMask], m.Options.Get(DhcpOptionCode.ParameterRequestList)!);
    }

    [Fact]
    public void Decodes_a_dnsmasq_ack()
    {
        var m = DhcpMessage.Decode(Convert.FromHexString(Captures.DnsmasqAck));
        Assert.Equal(DhcpMessage.BootReply, m.Op);
        Assert.Equal(DhcpMessageType.Ack, m.Type);
        Assert.Equal(IPAddress.Parse(Captures.YourAddress), m.YourAddress);
        Assert.Equal(IPAddress.Parse(Captures.YourAddress), m.ClientAddress);
        Assert.Equal(IPAddress.Parse(Captures.ServerAddress), m.Options.Address(DhcpOptionCode.ServerIdentifier));
        Assert.Equal(24, m.Options.SubnetPrefixLength);
        Assert.Equal(IPAddress.Parse(Captures.ServerAddress), m.Options.Address(DhcpOptionCode.Router));
        Assert.Equal(TimeSpan.FromMinutes(2), m.Options.Seconds(DhcpOptionCode.IPAddressLeaseTime));
        Assert.Equal(TimeSpan.FromSeconds(5), m.Options.Seconds(DhcpOptionCode.RenewalTime));
        Assert.Equal(TimeSpan.FromSeconds(10), m.Options.Seconds(DhcpOptionCode.RebindingTime));

        var lease = DhcpLeaseData.FromAck(new DhcpReply(m, IPAddress.Parse(Captures.ServerAddress), []), DateTimeOffset.UnixEpoch);
        var result = lease.ToResult(priority: 0);
        Assert.Equal("198.18.77.13/24", result.Ips[0].Address.ToString());
        Assert.Equal("198.18.77.1", result.Ips[0].Gateway!.ToString());
        Assert.Equal(
            ["198.18.90.0/24 via 198.18.77.1 scope ", "198.18.91.0/24 via  scope 253"],
            result.Routes.Select(r => $"{r.Dst} via {r.Gw} scope {r.Scope}"));
    }

    [Fact]
    public void Rejects_short_messages_and_a_missing_cookie()
    {
        Assert.Throws<FormatException>(() => DhcpMessage.Decode(new byte[239]));
        var bytes = Discover().Encode();
        bytes[236] = 0;
        Assert.Throws<FormatException>(() => DhcpMessage.Decode(bytes));
    }

    [Fact]
    public void Options_join_repeated_codes_skip_pads_and_split_long_values()
    {
        var read = DhcpOptions.Read([0x00, 0x0c, 0x02, (byte)'a', (byte)'b', 0x00, 0x0c, 0x01, (byte)'c', 0xff, 0x0c]);
        Assert.Equal("abc"u8.ToArray(), read.Get(DhcpOptionCode.HostName));

        var options = new DhcpOptions();
        options.Set(DhcpOptionCode.ClasslessStaticRoutes, new byte[300]);
        var buffer = new byte[options.EncodedLength];
        Assert.Equal(2 + 255 + 2 + 45 + 1, options.WriteTo(buffer));
        Assert.Equal([0x79, 0xff], buffer[..2]);
        Assert.Equal([0x79, 45], buffer[257..259]);
        Assert.Equal(300, DhcpOptions.Read(buffer).Get(DhcpOptionCode.ClasslessStaticRoutes)!.Length);
    }

    [Fact]
    public void Options_running_past_the_end_are_an_error()
    {
        Assert.Throws<FormatException>(() => DhcpOptions.Read([0x0c, 0x05, 0x61]));
        Assert.Throws<FormatException>(() => DhcpOptions.Read([0x0c]));
    }

    [Theory]
    [InlineData("ffffff00", 24)]
    [InlineData("ffffffff", 32)]
    [InlineData("ff00ff00", null)]
    public void Subnet_mask_must_be_contiguous(string mask, int? prefix)
    {
        var options = new DhcpOptions();
        options.Set(DhcpOptionCode.SubnetMask, Convert.FromHexString(mask));
        Assert.Equal(prefix, options.SubnetPrefixLength);
    }

    [Fact]
    public void Ipv4_udp_frame_is_byte_exact_with_valid_checksums()
    {
        var packet = Ipv4Udp.Encode(IPAddress.Any, IPAddress.Broadcast, 68, 67, "DHCP"u8);
        var expected = Convert.FromHexString(
            "4500002000000000" + "4011" + "7ace" + "00000000" + "ffffffff" +
            "00440043000c" + "77b7" + "44484350");
        Assert.Equal(expected, packet);
        Assert.Equal(0, Ipv4Udp.Checksum(packet.AsSpan(0, 20), 0));

        var datagram = Ipv4Udp.Decode(packet)!.Value;
        Assert.Equal((ushort)68, datagram.SourcePort);
        Assert.Equal((ushort)67, datagram.DestinationPort);
        Assert.Equal(IPAddress.Broadcast, datagram.Destination);
        Assert.Equal("DHCP"u8.ToArray(), datagram.Payload);
    }

    [Fact]
    public void Ipv4_decode_skips_fragments_and_other_protocols()
    {
        var packet = Ipv4Udp.Encode(IPAddress.Any, IPAddress.Broadcast, 68, 67, "DHCP"u8);
        var tcp = (byte[])packet.Clone();
        tcp[9] = 6;
        Assert.Null(Ipv4Udp.Decode(tcp));
        var fragment = (byte[])packet.Clone();
        fragment[6] = 0x20;
        Assert.Null(Ipv4Udp.Decode(fragment));
        Assert.Null(Ipv4Udp.Decode(packet.AsSpan(0, 27)));
    }
}
