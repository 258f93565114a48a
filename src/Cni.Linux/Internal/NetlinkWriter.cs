using System.Buffers.Binary;
using System.Net;
using System.Text;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

/// <summary>
/// Writes one netlink request into a caller-supplied buffer: header, family header (see the partial files
/// per message family), then attributes, nested with <see cref="BeginNested"/>/<see cref="EndNested"/>.
/// Sequence number and port id are left zero; the socket fills them in when sending.
/// </summary>
internal ref partial struct NetlinkWriter
{
    /// <summary>Big enough for every request we build, nested link info included.</summary>
    public const int DefaultCapacity = 1024;

    private readonly Span<byte> _buffer;
    private int _length;

    public NetlinkWriter(Span<byte> buffer, ushort type, ushort flags)
    {
        _buffer = buffer;
        _length = 0;
        var header = Reserve(NLMSG_HDRLEN);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], type);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], flags);
    }

    public readonly int Length => _length;

    /// <summary>Sets <c>nlmsg_len</c> and returns the finished message.</summary>
    public readonly Span<byte> Complete()
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)_length);
        return _buffer[.._length];
    }

    public void WriteAttribute(ushort type, scoped ReadOnlySpan<byte> value)
    {
        var attr = Reserve(NLA_HDRLEN + value.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(attr, (ushort)(NLA_HDRLEN + value.Length));
        BinaryPrimitives.WriteUInt16LittleEndian(attr[2..], type);
        value.CopyTo(attr[NLA_HDRLEN..]);
    }

    public void WriteFlag(ushort type) => WriteAttribute(type, []);

    public void WriteU8(ushort type, byte value) => WriteAttribute(type, [value]);

    public void WriteU16(ushort type, ushort value)
    {
        Span<byte> v = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(v, value);
        WriteAttribute(type, v);
    }

    /// <summary>A 16-bit value in network byte order (ports, VLAN protocols).</summary>
    public void WriteU16BigEndian(ushort type, ushort value)
    {
        Span<byte> v = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(v, value);
        WriteAttribute(type, v);
    }

    public void WriteU32(ushort type, uint value)
    {
        Span<byte> v = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(v, value);
        WriteAttribute(type, v);
    }

    public void WriteI32(ushort type, int value) => WriteU32(type, unchecked((uint)value));

    public void WriteU64(ushort type, ulong value)
    {
        Span<byte> v = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(v, value);
        WriteAttribute(type, v);
    }

    /// <summary>
    /// A string, NUL-terminated unless <paramref name="terminate"/> is false (iproute2 leaves IFLA_INFO_KIND
    /// unterminated; NLA_STRING accepts both).
    /// </summary>
    public void WriteString(ushort type, string value, bool terminate = true)
    {
        var size = Encoding.UTF8.GetByteCount(value) + (terminate ? 1 : 0);
        var attr = Reserve(NLA_HDRLEN + size);
        BinaryPrimitives.WriteUInt16LittleEndian(attr, (ushort)(NLA_HDRLEN + size));
        BinaryPrimitives.WriteUInt16LittleEndian(attr[2..], type);
        Encoding.UTF8.GetBytes(value, attr[NLA_HDRLEN..]);
    }

    public void WriteAddress(ushort type, IPAddress address)
    {
        Span<byte> v = stackalloc byte[16];
        address.TryWriteBytes(v, out var written);
        WriteAttribute(type, v[..written]);
    }

    /// <summary>Starts a nested attribute; returns the offset to pass to <see cref="EndNested"/>.</summary>
    public int BeginNested(ushort type)
    {
        var start = _length;
        var attr = Reserve(NLA_HDRLEN);
        BinaryPrimitives.WriteUInt16LittleEndian(attr[2..], type);
        return start;
    }

    public readonly void EndNested(int start) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer[start..], (ushort)(_length - start));

    /// <summary>Reserves <paramref name="size"/> bytes plus alignment padding, zeroed.</summary>
    private Span<byte> Reserve(int size)
    {
        var aligned = Align(size);
        if (_length + aligned > _buffer.Length)
            throw new InvalidOperationException($"netlink message exceeds {_buffer.Length} bytes");
        var span = _buffer.Slice(_length, aligned);
        span.Clear();
        _length += aligned;
        return span[..size];
    }
}
