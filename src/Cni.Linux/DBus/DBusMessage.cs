using System.Buffers.Binary;

namespace Cni.Linux.DBus;

/// <summary>
/// One message of the wire protocol: the fixed header, the header fields we use, and the body (still marshalled;
/// <see cref="ReadBody"/> unmarshals it by <see cref="Signature"/>).
/// </summary>
internal sealed class DBusMessage
{
    /// <summary>The spec's limit on a whole message.</summary>
    public const int MaxLength = 128 * 1024 * 1024;

    /// <summary>Bytes needed before the total length is known: fixed header plus the header-field array's length.</summary>
    public const int PrefixLength = 16;

    /// <summary>The <c>NO_REPLY_EXPECTED</c> flag.</summary>
    public const byte NoReplyExpected = 0x1;

    public DBusMessageType Type { get; init; }

    public byte Flags { get; init; }

    public uint Serial { get; init; }

    public uint? ReplySerial { get; init; }

    public string? Path { get; init; }

    public string? Interface { get; init; }

    public string? Member { get; init; }

    public string? ErrorName { get; init; }

    public string? Destination { get; init; }

    public string? Sender { get; init; }

    public string Signature { get; init; } = "";

    /// <summary>The marshalled body, aligned as if it started at offset 0 (it starts 8-aligned in the message).</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    private bool BigEndian { get; init; }

    /// <summary>A method call with <paramref name="args"/> as its body (types from <see cref="DBusWriter.SignatureOf"/>).</summary>
    public static DBusMessage MethodCall(uint serial, string destination, string path, string @interface, string member, IReadOnlyList<object> args)
    {
        var body = new DBusWriter();
        foreach (var arg in args)
        {
            body.WriteValue(arg);
        }
        return new DBusMessage
        {
            Type = DBusMessageType.MethodCall,
            Serial = serial,
            Path = path,
            Interface = @interface,
            Member = member,
            Destination = destination,
            Signature = string.Concat(args.Select(DBusWriter.SignatureOf)),
            Body = body.Written.ToArray(),
        };
    }

    /// <summary>Little-endian bytes; header fields in libdbus' order (path, interface, member, error name, reply serial, destination, sender, signature).</summary>
    public byte[] Encode()
    {
        var w = new DBusWriter();
        w.WriteByte((byte)'l');
        w.WriteByte((byte)Type);
        w.WriteByte(Flags);
        w.WriteByte(1);
        w.WriteUInt32((uint)Body.Length);
        w.WriteUInt32(Serial);
        var fields = w.BeginArray(8);
        WriteField(w, DBusHeaderField.Path, "o", Path);
        WriteField(w, DBusHeaderField.Interface, "s", Interface);
        WriteField(w, DBusHeaderField.Member, "s", Member);
        WriteField(w, DBusHeaderField.ErrorName, "s", ErrorName);
        if (ReplySerial is { } reply)
        {
            w.Align(8);
            w.WriteByte((byte)DBusHeaderField.ReplySerial);
            w.WriteSignature("u");
            w.WriteUInt32(reply);
        }
        WriteField(w, DBusHeaderField.Destination, "s", Destination);
        WriteField(w, DBusHeaderField.Sender, "s", Sender);
        if (Signature.Length > 0)
        {
            w.Align(8);
            w.WriteByte((byte)DBusHeaderField.Signature);
            w.WriteSignature("g");
            w.WriteSignature(Signature);
        }
        w.EndArray(fields);
        w.Align(8);
        var bytes = new byte[w.Length + Body.Length];
        w.Written.CopyTo(bytes);
        Body.Span.CopyTo(bytes.AsSpan(w.Length));
        return bytes;
    }

    /// <summary>The whole message's length, from its first <see cref="PrefixLength"/> bytes.</summary>
    public static int TotalLength(ReadOnlySpan<byte> prefix)
    {
        var bigEndian = ByteOrder(prefix[0]);
        var body = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(prefix[4..]) : BinaryPrimitives.ReadUInt32LittleEndian(prefix[4..]);
        var fields = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(prefix[12..]) : BinaryPrimitives.ReadUInt32LittleEndian(prefix[12..]);
        var total = ((PrefixLength + (long)fields + 7) & ~7L) + body;
        return total <= MaxLength ? (int)total : throw new DBusException($"D-Bus message of {total} bytes exceeds the limit");
    }

    /// <summary>Parses one complete message (exactly <see cref="TotalLength"/> bytes).</summary>
    public static DBusMessage Decode(ReadOnlyMemory<byte> message)
    {
        var span = message.Span;
        if (span.Length < PrefixLength || TotalLength(span) != span.Length)
        {
            throw new DBusException("malformed D-Bus message: length does not match its header");
        }
        var bigEndian = ByteOrder(span[0]);
        if (span[3] != 1)
        {
            throw new DBusException($"unsupported D-Bus protocol version {span[3]}");
        }
        var r = new DBusReader(span, bigEndian, 4);
        var bodyLength = (int)r.ReadUInt32();
        var serial = r.ReadUInt32();
        var fieldsLength = r.ReadUInt32();
        r.Align(8);
        var fieldsEnd = r.Position + (int)fieldsLength;
        string? path = null, iface = null, member = null, errorName = null, destination = null, sender = null, signature = null;
        uint? replySerial = null;
        while (r.Position < fieldsEnd)
        {
            r.Align(8);
            var code = (DBusHeaderField)r.ReadByte();
            var at = 0;
            var value = r.ReadValue("v", ref at);
            switch (code)
            {
                case DBusHeaderField.Path: path = value as string; break;
                case DBusHeaderField.Interface: iface = value as string; break;
                case DBusHeaderField.Member: member = value as string; break;
                case DBusHeaderField.ErrorName: errorName = value as string; break;
                case DBusHeaderField.ReplySerial: replySerial = value as uint?; break;
                case DBusHeaderField.Destination: destination = value as string; break;
                case DBusHeaderField.Sender: sender = value as string; break;
                case DBusHeaderField.Signature: signature = value as string; break;
                default: break;
            }
        }
        if (r.Position != fieldsEnd)
        {
            throw new DBusException("malformed D-Bus message: header fields overrun their array");
        }
        r.Align(8);
        return new DBusMessage
        {
            Type = (DBusMessageType)span[1],
            Flags = span[2],
            Serial = serial,
            ReplySerial = replySerial,
            Path = path,
            Interface = iface,
            Member = member,
            ErrorName = errorName,
            Destination = destination,
            Sender = sender,
            Signature = signature ?? "",
            Body = message.Slice(r.Position, bodyLength),
            BigEndian = bigEndian,
        };
    }

    /// <summary>The body's values, by <see cref="Signature"/>.</summary>
    public object[] ReadBody() => new DBusReader(Body.Span, BigEndian, 0).ReadValues(Signature);

    private static bool ByteOrder(byte marker) => marker switch
    {
        (byte)'l' => false,
        (byte)'B' => true,
        _ => throw new DBusException($"malformed D-Bus message: unknown byte order '{(char)marker}'"),
    };

    private static void WriteField(DBusWriter w, DBusHeaderField code, string type, string? value)
    {
        if (value is null)
        {
            return;
        }
        w.Align(8);
        w.WriteByte((byte)code);
        w.WriteSignature(type);
        w.WriteString(value);
    }
}
