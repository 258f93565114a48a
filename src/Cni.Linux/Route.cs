using System.Net;

namespace Cni.Linux;

/// <summary>
/// A route, as listed by <see cref="RouteOps.List"/> and as given to <see cref="RouteOps.Add"/>. Defaults match
/// <c>ip route add</c>: main table, universe scope, protocol boot, unicast.
/// </summary>
public sealed record Route
{
    /// <summary>The destination; <c>0.0.0.0/0</c> or <c>::/0</c> for a default route.</summary>
    public required IPNetwork Destination { get; init; }

    /// <summary>The next hop (<c>RTA_GATEWAY</c>).</summary>
    public IPAddress? Gateway { get; init; }

    /// <summary>The preferred source address (<c>RTA_PREFSRC</c>).</summary>
    public IPAddress? Source { get; init; }

    /// <summary>The output interface index (<c>RTA_OIF</c>).</summary>
    public int? OutputIndex { get; init; }

    /// <summary>The routing table; 254 is main.</summary>
    public uint Table { get; init; } = 254;

    /// <summary>The metric (<c>RTA_PRIORITY</c>).</summary>
    public uint? Priority { get; init; }

    /// <summary>The scope: universe for routes via a gateway, link for directly connected ones.</summary>
    public RouteScope Scope { get; init; } = RouteScope.Universe;

    /// <summary>The protocol that installed the route (<c>RTPROT_*</c>): 2 kernel, 3 boot, 4 static.</summary>
    public byte Protocol { get; init; } = 3;

    /// <summary>The route type (<c>RTN_*</c>): 1 unicast, 2 local, 3 broadcast, 6 blackhole, 7 unreachable.</summary>
    public byte Type { get; init; } = 1;

    /// <summary>Treat the gateway as on-link even if no address of the interface covers it (<c>RTNH_F_ONLINK</c>).</summary>
    public bool OnLink { get; init; }

    /// <summary>The path MTU metric (<c>RTAX_MTU</c>).</summary>
    public uint? Mtu { get; init; }

    /// <summary>The advertised MSS metric (<c>RTAX_ADVMSS</c>).</summary>
    public uint? AdvMss { get; init; }
}
