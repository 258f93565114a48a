using System.Buffers.Binary;
using System.Text;

namespace Cni.Linux.DBus;

/// <summary>
/// Little-endian marshalling into a growing buffer. Offsets (and so alignment) count from the start of the
/// message; the body starts 8-aligned, so body values align the same way.
/// </summary>
internal sealed class DBusWriter
{
    private byte[] _buffer = new byte[256];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Align(int alignment)
    {
        var padded = (Length + alignment - 1) & ~(alignment - 1);
        Reserve(padded - Length).Clear();
    }

    public void WriteByte(byte value) => Reserve(1)[0] = value;

    public void WriteBoolean(bool value) => WriteUInt32(value ? 1u : 0u);

    public void WriteInt32(int value)
    {
        Align(4);
        BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);
    }

    public void WriteUInt32(uint value)
    {
        Align(4);
        BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);
    }

    /// <summary>A <c>STRING</c> or <c>OBJECT_PATH</c>: 32-bit length, UTF-8, NUL.</summary>
    public void WriteString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        if (bytes.AsSpan().Contains((byte)0))
        {
            throw new ArgumentException("D-Bus strings cannot contain NUL", nameof(value));
        }
        WriteUInt32((uint)bytes.Length);
        bytes.CopyTo(Reserve(bytes.Length));
        WriteByte(0);
    }

    /// <summary>A <c>SIGNATURE</c>: 8-bit length, ASCII, NUL.</summary>
    public void WriteSignature(string value)
    {
        if (value.Length > 255)
        {
            throw new ArgumentException("D-Bus signatures are at most 255 bytes", nameof(value));
        }
        WriteByte((byte)value.Length);
        Encoding.ASCII.GetBytes(value, Reserve(value.Length));
        WriteByte(0);
    }

    /// <summary>Starts an array: the length slot, then padding to the element alignment (not counted in the length).</summary>
    public (int LengthAt, int Start) BeginArray(int elementAlignment)
    {
        WriteUInt32(0);
        var lengthAt = Length - 4;
        Align(elementAlignment);
        return (lengthAt, Length);
    }

    public void EndArray((int LengthAt, int Start) array) => PatchUInt32(array.LengthAt, (uint)(Length - array.Start));

    public void PatchUInt32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(offset, 4), value);

    /// <summary>One body argument; the CLR type picks the D-Bus type (see <see cref="SignatureOf"/>).</summary>
    public void WriteValue(object value)
    {
        switch (value)
        {
            case string s:
                WriteString(s);
                break;
            case bool b:
                WriteBoolean(b);
                break;
            case int i:
                WriteInt32(i);
                break;
            case uint u:
                WriteUInt32(u);
                break;
            case string[] strings:
                var array = BeginArray(4);
                foreach (var s in strings)
                {
                    WriteString(s);
                }
                EndArray(array);
                break;
            default:
                throw new ArgumentException($"cannot marshal {value.GetType().Name} to D-Bus", nameof(value));
        }
    }

    /// <summary>The type code of a body argument: <c>s</c>, <c>b</c>, <c>i</c>, <c>u</c> or <c>as</c>.</summary>
    public static string SignatureOf(object value) => value switch
    {
        string => "s",
        bool => "b",
        int => "i",
        uint => "u",
        string[] => "as",
        _ => throw new ArgumentException($"cannot marshal {value.GetType().Name} to D-Bus", nameof(value)),
    };

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }
        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
