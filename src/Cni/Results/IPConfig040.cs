using System.Net;

namespace Cni;

/// <summary>An address in a 0.3/0.4 result.</summary>
public sealed record IPConfig040
{
    /// <summary>"4" or "6".</summary>
    public required string Version { get; init; }
    /// <summary>Index into the result's interfaces.</summary>
    public int? Interface { get; init; }
    /// <summary>The address with prefix length.</summary>
    public required CidrAddress Address { get; init; }
    /// <summary>The gateway.</summary>
    public IPAddress? Gateway { get; init; }
}
