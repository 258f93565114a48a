using System.Buffers.Binary;
using System.Net;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>
/// A message's options in order, one entry per code. Setting a code again replaces its value in place; decoding
/// joins repeated instances of a code (RFC 3396), and encoding splits values longer than 255 bytes the same way.
/// </summary>
internal sealed class DhcpOptions
{
    private readonly List<KeyValuePair<byte, byte[]>> _items = [];

    public int Count => _items.Count;

    public IEnumerable<KeyValuePair<byte, byte[]>> Items => _items;

    public byte[]? Get(byte code)
    {
        foreach (var (c, v) in _items)
        {
            if (c == code)
            {
                return v;
            }
        }
        return null;
    }

    public void Set(byte code, ReadOnlySpan<byte> value)
    {
        for (int i = 0; i < _items.Count; i++)
        {
            if (_items[i].Key == code)
            {
                _items[i] = new(code, value.ToArray());
                return;
            }
        }
        _items.Add(new(code, value.ToArray()));
    }

    /// <summary>Adds to a code's value (how repeated instances are joined).</summary>
    public void Append(byte code, ReadOnlySpan<byte> value)
    {
        var old = Get(code);
        Set(code, old is null ? value : [.. old, .. value]);
    }

    public void SetAddress(byte code, IPAddress address) => Set(code, address.GetAddressBytes());

    public void SetUInt16(byte code, ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        Set(code, b);
    }

    public DhcpMessageType? MessageType => Get(DhcpOptionCode.MessageType) is [var t] ? (DhcpMessageType)t : null;

    /// <summary>The first address of an address-valued option, or null when absent or shorter than 4 bytes.</summary>
    public IPAddress? Address(byte code) => Get(code) is { Length: >= 4 } v ? new IPAddress(v.AsSpan(0, 4)) : null;

    /// <summary>A 32-bit seconds value (lease time, T1, T2), or null when absent or malformed.</summary>
    public TimeSpan? Seconds(byte code) =>
        Get(code) is { Length: 4 } v ? TimeSpan.FromSeconds(BinaryPrimitives.ReadUInt32BigEndian(v)) : null;

    /// <summary>The prefix length of option 1, or null when absent or not a contiguous mask.</summary>
    public int? SubnetPrefixLength
    {
        get
        {
            if (Get(DhcpOptionCode.SubnetMask) is not { Length: 4 } v)
            {
                return null;
            }
            uint mask = BinaryPrimitives.ReadUInt32BigEndian(v);
            int ones = System.Numerics.BitOperations.PopCount(mask);
            return ones == 0 || mask == uint.MaxValue << (32 - ones) ? ones : null;
        }
    }

    /// <summary>Writes every option (split at 255 bytes) and the End option; returns the bytes written.</summary>
    public int WriteTo(Span<byte> destination)
    {
        int at = 0;
        foreach (var (code, value) in _items)
        {
            int offset = 0;
            do
            {
                int chunk = Math.Min(255, value.Length - offset);
                destination[at++] = code;
                destination[at++] = (byte)chunk;
                value.AsSpan(offset, chunk).CopyTo(destination[at..]);
                at += chunk;
                offset += chunk;
            }
            while (offset < value.Length);
        }
        destination[at++] = DhcpOptionCode.End;
        return at;
    }

    /// <summary>The encoded size including the End option.</summary>
    public int EncodedLength => 1 + _items.Sum(i => i.Value.Length + (2 * Math.Max(1, (i.Value.Length + 254) / 255)));

    /// <summary>Reads options up to End or the end of <paramref name="source"/>; Pad bytes are skipped.</summary>
    /// <exception cref="FormatException">An option runs past the end.</exception>
    public static DhcpOptions Read(ReadOnlySpan<byte> source)
    {
        var options = new DhcpOptions();
        int at = 0;
        while (at < source.Length)
        {
            byte code = source[at++];
            if (code == DhcpOptionCode.Pad)
            {
                continue;
            }
            if (code == DhcpOptionCode.End)
            {
                break;
            }
            if (at >= source.Length || at + 1 + source[at] > source.Length)
            {
                throw new FormatException($"DHCP option {code} runs past the end of the message");
            }
            int length = source[at++];
            options.Append(code, source.Slice(at, length));
            at += length;
        }
        return options;
    }
}
