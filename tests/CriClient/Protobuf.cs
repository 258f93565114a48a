using System.Text;

namespace Cni.CriClient;

/// <summary>
/// The protobuf wire format, the part the CRI messages use: varints (wire type 0) and length-delimited fields
/// (wire type 2: strings, embedded messages, map entries). Proto3 zero values are omitted, like the Go encoder.
/// </summary>
public sealed class ProtoWriter
{
    private readonly MemoryStream buffer = new();

    public byte[] ToArray() => buffer.ToArray();

    public ProtoWriter Varint(int field, ulong value)
    {
        if (value != 0)
        {
            Key(field, 0);
            WriteVarint(value);
        }
        return this;
    }

    public ProtoWriter Bool(int field, bool value) => Varint(field, value ? 1UL : 0UL);

    /// <summary>An int32 field: negative values are sign-extended to 64 bits (10 bytes), as protobuf requires.</summary>
    public ProtoWriter Int32(int field, int value) => Varint(field, unchecked((ulong)(long)value));

    public ProtoWriter String(int field, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Bytes(field, Encoding.UTF8.GetBytes(value));
        }
        return this;
    }

    /// <summary>An embedded message, written even when empty (its presence may matter).</summary>
    public ProtoWriter Message(int field, Action<ProtoWriter> build)
    {
        var inner = new ProtoWriter();
        build(inner);
        return Bytes(field, inner.ToArray());
    }

    /// <summary>An embedded message already built.</summary>
    public ProtoWriter Message(int field, ProtoWriter inner) => Bytes(field, inner.ToArray());

    /// <summary>A <c>map&lt;string, string&gt;</c> field: one entry message (key = 1, value = 2) per pair.</summary>
    public ProtoWriter Map(int field, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        foreach (var (k, v) in pairs)
        {
            Message(field, e => e.String(1, k).String(2, v));
        }
        return this;
    }

    private ProtoWriter Bytes(int field, byte[] value)
    {
        Key(field, 2);
        WriteVarint((ulong)value.Length);
        buffer.Write(value);
        return this;
    }

    private void Key(int field, int wireType) => WriteVarint(((ulong)field << 3) | (uint)wireType);

    private void WriteVarint(ulong v)
    {
        while (v >= 0x80)
        {
            buffer.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        buffer.WriteByte((byte)v);
    }
}

/// <summary>One decoded field: its number, wire type, and either the varint or the length-delimited bytes.</summary>
public readonly record struct ProtoField(int Number, int WireType, ulong Varint, ReadOnlyMemory<byte> Bytes)
{
    public string AsString() => Encoding.UTF8.GetString(Bytes.Span);
}

public static class ProtoReader
{
    /// <summary>The fields of a message in wire order (fixed32/fixed64 are decoded as their raw value).</summary>
    public static IEnumerable<ProtoField> Fields(ReadOnlyMemory<byte> message)
    {
        var pos = 0;
        while (pos < message.Length)
        {
            var key = ReadVarint(message.Span, ref pos);
            var number = (int)(key >> 3);
            var wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    yield return new ProtoField(number, wire, ReadVarint(message.Span, ref pos), default);
                    break;
                case 1:
                    Need(message.Length, pos, 8);
                    yield return new ProtoField(number, wire, BitConverter.ToUInt64(message.Span.Slice(pos, 8)), default);
                    pos += 8;
                    break;
                case 2:
                    var len = (int)ReadVarint(message.Span, ref pos);
                    Need(message.Length, pos, len);
                    yield return new ProtoField(number, wire, 0, message.Slice(pos, len));
                    pos += len;
                    break;
                case 5:
                    Need(message.Length, pos, 4);
                    yield return new ProtoField(number, wire, BitConverter.ToUInt32(message.Span.Slice(pos, 4)), default);
                    pos += 4;
                    break;
                default:
                    throw new InvalidDataException($"protobuf: unsupported wire type {wire} (field {number})");
            }
        }
    }

    /// <summary>A <c>map&lt;string, string&gt;</c> entry message.</summary>
    public static KeyValuePair<string, string> MapEntry(ReadOnlyMemory<byte> entry)
    {
        string k = "", v = "";
        foreach (var f in Fields(entry))
        {
            if (f.Number == 1)
            {
                k = f.AsString();
            }
            else if (f.Number == 2)
            {
                v = f.AsString();
            }
        }
        return new(k, v);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> s, ref int pos)
    {
        ulong v = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            Need(s.Length, pos, 1);
            var b = s[pos++];
            v |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return v;
            }
        }
        throw new InvalidDataException("protobuf: varint longer than 10 bytes");
    }

    private static void Need(int length, int pos, int n)
    {
        if (n < 0 || pos + n > length)
        {
            throw new InvalidDataException("protobuf: message truncated");
        }
    }
}
