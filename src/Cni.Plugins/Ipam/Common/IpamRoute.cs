namespace Cni.Plugins.Ipam.Common;

/// <summary>A route as an IPAM config lists it (Go's <c>types.Route</c>): returned verbatim in the result.</summary>
internal sealed record IpamRoute
{
    public string? Dst { get; init; }
    public string? Gw { get; init; }
    public int Mtu { get; init; }
    public int AdvMss { get; init; }
    public int Priority { get; init; }
    public int? Table { get; init; }
    public int? Scope { get; init; }

    /// <summary>The result route; Go's text errors (<c>invalid CIDR address: ...</c>) as code 7.</summary>
    public Route ToRoute() => new()
    {
        Dst = string.IsNullOrEmpty(Dst)
            ? throw IpamErrors.Config("invalid route: missing dst")
            : IpamErrors.Parse(() => CidrAddress.Parse(Dst)),
        Gw = string.IsNullOrEmpty(Gw) ? null : IpamErrors.Parse(() => IPText.Parse(Gw)),
        Mtu = Mtu,
        AdvMss = AdvMss,
        Priority = Priority,
        Table = Table,
        Scope = Scope,
    };

    /// <summary>Every route of a config list, nulls skipped like Go's <c>[]*types.Route</c>.</summary>
    public static List<Route> ToRoutes(IEnumerable<IpamRoute?>? routes) =>
        routes is null ? [] : [.. routes.Where(r => r is not null).Select(r => r!.ToRoute())];
}
