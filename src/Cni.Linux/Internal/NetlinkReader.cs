using System.Buffers.Binary;
using System.Net;
using System.Text;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

/// <summary>
/// Reads netlink data: messages from a datagram (<see cref="TryReadMessage"/>) or attributes from a
/// payload (<see cref="TryReadAttribute"/>); a nested attribute is read with a new reader over its value.
/// Message-family decoders live in the partial files (<c>NetlinkReader.Link.cs</c>, ...).
/// </summary>
internal ref partial struct NetlinkReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _data = data;

    public readonly bool IsEmpty => _data.IsEmpty;

    public bool TryReadMessage(out NetlinkMessage message)
    {
        if (_data.Length < NLMSG_HDRLEN)
        {
            message = default;
            return false;
        }

        var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(_data);
        if (length < NLMSG_HDRLEN || length > _data.Length)
            throw new InvalidDataException($"malformed netlink message: length {length} of {_data.Length} bytes");

        message = new NetlinkMessage(
            BinaryPrimitives.ReadUInt16LittleEndian(_data[4..]),
            BinaryPrimitives.ReadUInt16LittleEndian(_data[6..]),
            BinaryPrimitives.ReadUInt32LittleEndian(_data[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(_data[12..]),
            _data[NLMSG_HDRLEN..length]);
        _data = _data[Math.Min(Align(length), _data.Length)..];
        return true;
    }

    /// <summary>Reads the next attribute; <paramref name="type"/> has the nested/byte-order flags removed.</summary>
    public bool TryReadAttribute(out ushort type, out ReadOnlySpan<byte> value)
    {
        if (_data.Length < NLA_HDRLEN)
        {
            type = 0;
            value = default;
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(_data);
        if (length < NLA_HDRLEN || length > _data.Length)
            throw new InvalidDataException($"malformed netlink attribute: length {length} of {_data.Length} bytes");

        type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(_data[2..]) & NLA_TYPE_MASK);
        value = _data[NLA_HDRLEN..length];
        _data = _data[Math.Min(Align(length), _data.Length)..];
        return true;
    }

    public static uint U32(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadUInt32LittleEndian(value);

    public static int I32(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadInt32LittleEndian(value);

    public static ushort U16(ReadOnlySpan<byte> value) => BinaryPrimitives.ReadUInt16LittleEndian(value);

    /// <summary>A string attribute; the kernel NUL-terminates most but not all of them.</summary>
    public static string String(ReadOnlySpan<byte> value)
    {
        var end = value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? value : value[..end]);
    }

    public static IPAddress Address(ReadOnlySpan<byte> value) => new(value);
}
