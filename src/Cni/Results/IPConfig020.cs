using System.Net;

namespace Cni;

/// <summary>The <c>ip4</c>/<c>ip6</c> object of a 0.1/0.2 result.</summary>
public sealed record IPConfig020
{
    /// <summary>The address with prefix length.</summary>
    public required CidrAddress Ip { get; init; }
    /// <summary>The gateway.</summary>
    public IPAddress? Gateway { get; init; }
    /// <summary>Routes for this family.</summary>
    public List<Route> Routes { get; init; } = [];
}
