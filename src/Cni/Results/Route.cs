using System.Net;

namespace Cni;

/// <summary>A route in a result: destination, optional gateway and the 1.1.0 attributes.</summary>
public sealed record Route
{
    /// <summary>The destination network.</summary>
    public required CidrAddress Dst { get; init; }
    /// <summary>The next hop; null means the interface's gateway or on-link.</summary>
    public IPAddress? Gw { get; init; }
    /// <summary>Route MTU; 0 when unset.</summary>
    public int Mtu { get; init; }
    /// <summary>Advertised MSS; 0 when unset.</summary>
    public int AdvMss { get; init; }
    /// <summary>Priority (metric); 0 when unset.</summary>
    public int Priority { get; init; }
    /// <summary>Routing table; null when unset.</summary>
    public int? Table { get; init; }
    /// <summary>Scope (0 global, 253 link, 254 host); null when unset.</summary>
    public int? Scope { get; init; }
}
