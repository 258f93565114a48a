using System.Net;
using System.Net.Sockets;

namespace Cni.Plugins.Ipam.HostLocal;

/// <summary>Address arithmetic on canonical addresses (IPv4 as 4 bytes, IPv6 as 16), as Go's <c>pkg/ip</c> does it.</summary>
internal static class IpMath
{
    /// <summary>Go's <c>canonicalizeIP</c>: IPv4-mapped IPv6 becomes IPv4; everything else stays.</summary>
    public static IPAddress Canonical(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;

    public static bool IsV4(IPAddress ip) => ip.AddressFamily == AddressFamily.InterNetwork;

    public static int Bits(IPAddress ip) => IsV4(ip) ? 32 : 128;

    public static UInt128 ToNumber(IPAddress ip)
    {
        Span<byte> b = stackalloc byte[16];
        ip.TryWriteBytes(b, out int n);
        UInt128 v = 0;
        for (int i = 0; i < n; i++)
        {
            v = (v << 8) | b[i];
        }
        return v;
    }

    public static IPAddress FromNumber(UInt128 v, bool v4)
    {
        var bytes = new byte[v4 ? 4 : 16];
        for (int i = bytes.Length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(v & 0xff);
            v >>= 8;
        }
        return new IPAddress(bytes);
    }

    /// <summary>The next address, wrapping at the top like Go's <c>ip.NextIP</c>.</summary>
    public static IPAddress Next(IPAddress ip)
    {
        bool v4 = IsV4(ip);
        var max = v4 ? uint.MaxValue : UInt128.MaxValue;
        var n = ToNumber(ip);
        return FromNumber(n == max ? 0 : n + 1, v4);
    }

    public static int Compare(IPAddress a, IPAddress b) => ToNumber(a).CompareTo(ToNumber(b));

    public static UInt128 Mask(int prefix, bool v4)
    {
        int bits = v4 ? 32 : 128;
        var all = v4 ? (UInt128)uint.MaxValue : UInt128.MaxValue;
        return prefix == 0 ? 0 : all & ~((UInt128.One << (bits - prefix)) - 1) & all;
    }
}
