using System.Buffers.Binary;
using System.Text;

namespace Cni.Linux.DBus;

/// <summary>
/// Unmarshals values of either byte order, offsets counted from the start of the message. Values come back as
/// CLR objects: integers, <see cref="bool"/>, <see cref="double"/>, <see cref="string"/> (strings, object paths,
/// signatures), <c>object[]</c> (arrays, structs, dict entries); a variant yields its inner value.
/// </summary>
internal ref struct DBusReader
{
    private readonly ReadOnlySpan<byte> _message;
    private readonly bool _bigEndian;

    public DBusReader(ReadOnlySpan<byte> message, bool bigEndian, int position)
    {
        _message = message;
        _bigEndian = bigEndian;
        Position = position;
    }

    public int Position { get; private set; }

    public void Align(int alignment)
    {
        var padded = (Position + alignment - 1) & ~(alignment - 1);
        if (padded > _message.Length)
        {
            throw Truncated();
        }
        Position = padded;
    }

    public byte ReadByte() => Take(1)[0];

    public uint ReadUInt32()
    {
        Align(4);
        var span = Take(4);
        return _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
    }

    public string ReadString()
    {
        var length = ReadUInt32();
        if (length > int.MaxValue - 1)
        {
            throw Truncated();
        }
        var text = Encoding.UTF8.GetString(Take((int)length));
        return ReadByte() == 0 ? text : throw new DBusException("malformed D-Bus message: string without its NUL");
    }

    public string ReadSignature()
    {
        var length = ReadByte();
        var text = Encoding.ASCII.GetString(Take(length));
        return ReadByte() == 0 ? text : throw new DBusException("malformed D-Bus message: signature without its NUL");
    }

    /// <summary>Reads every complete type of <paramref name="signature"/> in turn.</summary>
    public object[] ReadValues(string signature)
    {
        var values = new List<object>();
        var at = 0;
        while (at < signature.Length)
        {
            values.Add(ReadValue(signature, ref at));
        }
        return [.. values];
    }

    /// <summary>Reads the single complete type starting at <paramref name="at"/> and moves past it.</summary>
    public object ReadValue(string signature, ref int at)
    {
        if (at >= signature.Length)
        {
            throw new DBusException($"malformed D-Bus signature \"{signature}\"");
        }
        var code = signature[at++];
        switch (code)
        {
            case 'y':
                return ReadByte();
            case 'b':
                return ReadUInt32() switch
                {
                    0 => false,
                    1 => true,
                    _ => throw new DBusException("malformed D-Bus message: boolean other than 0 or 1"),
                };
            case 'n':
                return (short)ReadFixed(2);
            case 'q':
                return (ushort)ReadFixed(2);
            case 'i':
                return (int)ReadUInt32();
            case 'u' or 'h':
                return ReadUInt32();
            case 'x':
                return (long)ReadFixed(8);
            case 't':
                return ReadFixed(8);
            case 'd':
                return BitConverter.UInt64BitsToDouble(ReadFixed(8));
            case 's' or 'o':
                return ReadString();
            case 'g':
                return ReadSignature();
            case 'v':
                var inner = ReadSignature();
                var innerAt = 0;
                var value = ReadValue(inner, ref innerAt);
                return innerAt == inner.Length ? value : throw new DBusException("malformed D-Bus message: variant with more than one type");
            case 'a':
                return ReadArray(signature, ref at);
            case '(' or '{':
                Align(8);
                var fields = new List<object>();
                var close = code == '(' ? ')' : '}';
                while (at < signature.Length && signature[at] != close)
                {
                    fields.Add(ReadValue(signature, ref at));
                }
                if (at >= signature.Length)
                {
                    throw new DBusException($"malformed D-Bus signature \"{signature}\"");
                }
                at++;
                return fields.ToArray();
            default:
                throw new DBusException($"unsupported D-Bus type '{code}' in signature \"{signature}\"");
        }
    }

    private object[] ReadArray(string signature, ref int at)
    {
        var length = ReadUInt32();
        if (at >= signature.Length)
        {
            throw new DBusException($"malformed D-Bus signature \"{signature}\"");
        }
        Align(AlignmentOf(signature[at]));
        var end = Position + (long)length;
        if (end > _message.Length)
        {
            throw Truncated();
        }
        var elementAt = at;
        var items = new List<object>();
        while (Position < end)
        {
            elementAt = at;
            items.Add(ReadValue(signature, ref elementAt));
        }
        if (items.Count == 0)
        {
            elementAt = SkipType(signature, at);
        }
        at = elementAt;
        return Position == end ? [.. items] : throw new DBusException("malformed D-Bus message: array length does not match its elements");
    }

    private static int SkipType(string signature, int at)
    {
        while (at < signature.Length && signature[at] == 'a')
        {
            at++;
        }
        var depth = 0;
        do
        {
            if (at >= signature.Length)
            {
                throw new DBusException($"malformed D-Bus signature \"{signature}\"");
            }
            var c = signature[at++];
            depth += c is '(' or '{' ? 1 : c is ')' or '}' ? -1 : 0;
        }
        while (depth > 0);
        return at;
    }

    private static int AlignmentOf(char code) => code switch
    {
        'y' or 'g' or 'v' => 1,
        'n' or 'q' => 2,
        'x' or 't' or 'd' or '(' or '{' => 8,
        _ => 4,
    };

    private ulong ReadFixed(int size)
    {
        Align(size);
        var span = Take(size);
        return size == 2
            ? _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span)
            : _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(span) : BinaryPrimitives.ReadUInt64LittleEndian(span);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _message.Length - Position)
        {
            throw Truncated();
        }
        var span = _message.Slice(Position, count);
        Position += count;
        return span;
    }

    private static DBusException Truncated() => new("malformed D-Bus message: truncated");
}
