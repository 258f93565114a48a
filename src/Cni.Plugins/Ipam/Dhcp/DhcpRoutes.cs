using System.Net;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>Routes from an ACK: option 121 (RFC 3442) when present, else option 33 plus the default route via option 3.</summary>
internal static class DhcpRoutes
{
    private const int ScopeLink = 253;

    public static List<Route> From(DhcpOptions options, int priority)
    {
        var routes = Classless(options.Get(DhcpOptionCode.ClasslessStaticRoutes));
        if (routes.Count == 0)
        {
            routes = Classful(options.Get(DhcpOptionCode.StaticRoutes));
            if (options.Address(DhcpOptionCode.Router) is { } router)
            {
                routes.Add(new Route { Dst = new CidrAddress(IPAddress.Any, 0), Gw = router });
            }
        }
        return priority == 0 ? routes : [.. routes.Select(r => r with { Priority = priority })];
    }

    /// <summary>
    /// Option 121: width, the significant octets of the destination, the router. A router of 0.0.0.0 means on-link
    /// (no gateway, scope link). Malformed data yields no routes at all, as in Go.
    /// </summary>
    public static List<Route> Classless(byte[]? data)
    {
        var routes = new List<Route>();
        var s = data.AsSpan();
        Span<byte> dst = stackalloc byte[4];
        while (s.Length >= 5)
        {
            int width = s[0];
            if (width > 32)
            {
                return [];
            }
            int octets = (width + 7) / 8;
            if (s.Length < 1 + octets + 4)
            {
                return [];
            }
            dst.Clear();
            s.Slice(1, octets).CopyTo(dst);
            var router = new IPAddress(s.Slice(1 + octets, 4));
            var route = new Route { Dst = new CidrAddress(new IPAddress(dst), width).Network() };
            routes.Add(router.Equals(IPAddress.Any) ? route with { Scope = ScopeLink } : route with { Gw = router });
            s = s[(1 + octets + 4)..];
        }
        return routes;
    }

    /// <summary>Option 33: destination and router pairs, the destination's mask being its class's.</summary>
    public static List<Route> Classful(byte[]? data)
    {
        var routes = new List<Route>();
        var s = data.AsSpan();
        while (s.Length >= 8)
        {
            var dst = new IPAddress(s[..4]);
            routes.Add(new Route { Dst = new CidrAddress(dst, ClassPrefix(s[0])), Gw = new IPAddress(s.Slice(4, 4)) });
            s = s[8..];
        }
        return routes;
    }

    // Go's net.IP.DefaultMask: class A /8, B /16, C and above /24.
    private static int ClassPrefix(byte first) => first < 0x80 ? 8 : first < 0xc0 ? 16 : 24;

    /// <summary>The result's IP: <c>yiaddr</c> with the option 1 mask, gateway from option 3.</summary>
    /// <exception cref="CniException">No subnet mask in the ACK (Go's message).</exception>
    public static IPConfig Address(IPAddress yourAddress, DhcpOptions options)
    {
        var prefix = options.SubnetPrefixLength
                     ?? throw new CniException(CniErrorCode.Internal, "DHCP option Subnet Mask not found in DHCPACK");
        return new IPConfig { Address = new CidrAddress(yourAddress, prefix), Gateway = options.Address(DhcpOptionCode.Router) };
    }
}
