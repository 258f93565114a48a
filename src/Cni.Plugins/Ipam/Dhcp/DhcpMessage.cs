using System.Buffers.Binary;
using System.Net;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>A BOOTP/DHCP message (RFC 2131 §2): the fixed header, the magic cookie and the options.</summary>
internal sealed class DhcpMessage
{
    public const byte BootRequest = 1;
    public const byte BootReply = 2;
    public const ushort BroadcastFlag = 0x8000;

    /// <summary>BOOTP's minimum message size (RFC 1542 §2.1); shorter messages are padded.</summary>
    public const int MinimumLength = 300;

    private const int FixedLength = 236;
    private const uint MagicCookie = 0x63825363;
    private const byte HardwareTypeEthernet = 1;

    public byte Op { get; init; } = BootRequest;
    public byte HardwareType { get; init; } = HardwareTypeEthernet;
    public byte Hops { get; init; }
    public uint Xid { get; init; }
    public ushort Secs { get; init; }
    public ushort Flags { get; init; }
    public IPAddress ClientAddress { get; init; } = IPAddress.Any;
    public IPAddress YourAddress { get; init; } = IPAddress.Any;
    public IPAddress ServerAddress { get; init; } = IPAddress.Any;
    public IPAddress GatewayAddress { get; init; } = IPAddress.Any;

    /// <summary>The client hardware address (<c>chaddr</c>, at most 16 bytes; <c>hlen</c> is its length).</summary>
    public byte[] ClientHardwareAddress { get; init; } = [];

    public DhcpOptions Options { get; init; } = new();

    public DhcpMessageType? Type => Options.MessageType;

    public bool Broadcast => (Flags & BroadcastFlag) != 0;

    public byte[] Encode()
    {
        var bytes = new byte[Math.Max(MinimumLength, FixedLength + 4 + Options.EncodedLength)];
        var s = bytes.AsSpan();
        s[0] = Op;
        s[1] = HardwareType;
        s[2] = (byte)ClientHardwareAddress.Length;
        s[3] = Hops;
        BinaryPrimitives.WriteUInt32BigEndian(s[4..], Xid);
        BinaryPrimitives.WriteUInt16BigEndian(s[8..], Secs);
        BinaryPrimitives.WriteUInt16BigEndian(s[10..], Flags);
        WriteAddress(s[12..], ClientAddress);
        WriteAddress(s[16..], YourAddress);
        WriteAddress(s[20..], ServerAddress);
        WriteAddress(s[24..], GatewayAddress);
        ClientHardwareAddress.CopyTo(s.Slice(28, 16));
        // sname (64 bytes) and file (128 bytes) stay zero: the client never overloads them.
        BinaryPrimitives.WriteUInt32BigEndian(s[FixedLength..], MagicCookie);
        Options.WriteTo(s[(FixedLength + 4)..]);
        return bytes;
    }

    /// <exception cref="FormatException">Too short, no magic cookie, or a bad hardware address length.</exception>
    public static DhcpMessage Decode(ReadOnlySpan<byte> s)
    {
        if (s.Length < FixedLength + 4)
        {
            throw new FormatException($"DHCP message too short ({s.Length} bytes)");
        }
        if (BinaryPrimitives.ReadUInt32BigEndian(s[FixedLength..]) != MagicCookie)
        {
            throw new FormatException("DHCP message without the magic cookie");
        }
        int hlen = s[2];
        if (hlen > 16)
        {
            throw new FormatException($"DHCP message with hardware address length {hlen}");
        }
        return new DhcpMessage
        {
            Op = s[0],
            HardwareType = s[1],
            Hops = s[3],
            Xid = BinaryPrimitives.ReadUInt32BigEndian(s[4..]),
            Secs = BinaryPrimitives.ReadUInt16BigEndian(s[8..]),
            Flags = BinaryPrimitives.ReadUInt16BigEndian(s[10..]),
            ClientAddress = new IPAddress(s.Slice(12, 4)),
            YourAddress = new IPAddress(s.Slice(16, 4)),
            ServerAddress = new IPAddress(s.Slice(20, 4)),
            GatewayAddress = new IPAddress(s.Slice(24, 4)),
            ClientHardwareAddress = s.Slice(28, hlen).ToArray(),
            Options = DhcpOptions.Read(s[(FixedLength + 4)..]),
        };
    }

    private static void WriteAddress(Span<byte> destination, IPAddress address)
    {
        if (!address.TryWriteBytes(destination[..4], out int written) || written != 4)
        {
            throw new ArgumentException($"not an IPv4 address: {address}");
        }
    }
}
