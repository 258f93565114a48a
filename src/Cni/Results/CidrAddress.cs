using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Cni;

/// <summary>An address with its prefix length, host bits kept (<c>198.18.0.5/24</c> stays so), like Go's <c>types.IPNet</c>.</summary>
public readonly record struct CidrAddress(IPAddress Address, int PrefixLength)
{
    /// <summary>Whether the address is IPv4 (IPv4-mapped IPv6 counts as IPv4, like Go's <c>To4</c>).</summary>
    public bool IsIPv4 => Address.AddressFamily == AddressFamily.InterNetwork || Address.IsIPv4MappedToIPv6;

    /// <summary>Parses <c>a.b.c.d/n</c> or <c>x::y/n</c>.</summary>
    /// <exception cref="FormatException"><c>invalid CIDR address: &lt;s&gt;</c></exception>
    public static CidrAddress Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && IPAddress.TryParse(text.AsSpan(0, slash), out var ip) && !text.AsSpan(0, slash).Contains('%') &&
            int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var len) &&
            len <= (ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
        {
            return new CidrAddress(ip, len);
        }
        throw new FormatException("invalid CIDR address: " + text);
    }

    /// <summary>The network this address belongs to, host bits cleared.</summary>
    public CidrAddress Network()
    {
        var bytes = Address.GetAddressBytes();
        for (int i = 0; i < bytes.Length; i++)
        {
            int bits = Math.Clamp(PrefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xff << (8 - bits));
        }
        return new CidrAddress(new IPAddress(bytes), PrefixLength);
    }

    /// <summary>Whether <paramref name="ip"/> lies in this address's network.</summary>
    public bool Contains(IPAddress ip)
    {
        if (ip.AddressFamily != Address.AddressFamily)
        {
            return false;
        }
        return new CidrAddress(ip, PrefixLength).Network().Address.Equals(Network().Address);
    }

    /// <inheritdoc/>
    public override string ToString() => IPText.Format(Address) + "/" + PrefixLength.ToString(CultureInfo.InvariantCulture);
}
