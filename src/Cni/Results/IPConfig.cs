using System.Net;

namespace Cni;

/// <summary>An address in a 1.x result.</summary>
public sealed record IPConfig
{
    /// <summary>Index into the result's interfaces; null when not tied to one.</summary>
    public int? Interface { get; init; }
    /// <summary>The address with prefix length.</summary>
    public required CidrAddress Address { get; init; }
    /// <summary>The default gateway of this address's network.</summary>
    public IPAddress? Gateway { get; init; }
}
