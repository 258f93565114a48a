using System.Buffers.Binary;
using System.Net;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>
/// The IPv4 and UDP headers around a DHCP message, as a packet socket sends and receives them (RFC 791, RFC 768).
/// </summary>
internal static class Ipv4Udp
{
    public const int HeaderLength = 20 + 8;
    private const byte ProtocolUdp = 17;
    private const byte DefaultTtl = 64;

    /// <summary>A UDP datagram as received: addresses, ports and payload.</summary>
    public readonly record struct Datagram(IPAddress Source, IPAddress Destination, ushort SourcePort, ushort DestinationPort, byte[] Payload);

    public static byte[] Encode(IPAddress source, IPAddress destination, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        var packet = new byte[HeaderLength + payload.Length];
        var ip = packet.AsSpan(0, 20);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)packet.Length);
        ip[8] = DefaultTtl;
        ip[9] = ProtocolUdp;
        source.TryWriteBytes(ip[12..16], out _);
        destination.TryWriteBytes(ip[16..20], out _);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip, 0));

        var udp = packet.AsSpan(20);
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)udp.Length);
        payload.CopyTo(udp[8..]);
        var checksum = Checksum(udp, PseudoHeaderSum(ip, udp.Length));
        // An all-zero UDP checksum means "none"; a computed zero is sent as all ones (RFC 768).
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], checksum == 0 ? (ushort)0xffff : checksum);
        return packet;
    }

    /// <summary>
    /// The UDP datagram in an IPv4 packet, or null for anything else (other protocols, fragments, bad lengths).
    /// Checksums are not verified: on virtual links the kernel hands over packets whose UDP checksum the sender left
    /// to offload, and a corrupted DHCP message still has to pass xid, hardware address and option checks.
    /// </summary>
    public static Datagram? Decode(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < HeaderLength || packet[0] >> 4 != 4)
        {
            return null;
        }
        int ihl = (packet[0] & 0x0f) * 4;
        int total = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        ushort fragment = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]);
        if (ihl < 20 || total > packet.Length || total < ihl + 8 || packet[9] != ProtocolUdp || (fragment & 0x3fff) != 0)
        {
            return null;
        }
        var udp = packet[ihl..total];
        int udpLength = BinaryPrimitives.ReadUInt16BigEndian(udp[4..]);
        if (udpLength < 8 || udpLength > udp.Length)
        {
            return null;
        }
        return new Datagram(
            new IPAddress(packet.Slice(12, 4)),
            new IPAddress(packet.Slice(16, 4)),
            BinaryPrimitives.ReadUInt16BigEndian(udp),
            BinaryPrimitives.ReadUInt16BigEndian(udp[2..]),
            udp[8..udpLength].ToArray());
    }

    private static uint PseudoHeaderSum(ReadOnlySpan<byte> ip, int udpLength)
    {
        uint sum = 0;
        for (int i = 12; i < 20; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(ip[i..]);
        }
        return sum + ProtocolUdp + (uint)udpLength;
    }

    /// <summary>The Internet checksum (RFC 1071) of <paramref name="data"/> plus a pre-summed <paramref name="initial"/>.</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data, uint initial)
    {
        ulong sum = initial;
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }
        if (i < data.Length)
        {
            sum += (uint)data[i] << 8;
        }
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (ushort)~sum;
    }
}
