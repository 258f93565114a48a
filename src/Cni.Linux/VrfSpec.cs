namespace Cni.Linux;

/// <summary>A VRF device bound to a routing table (<c>ip link add NAME type vrf table N</c>).</summary>
public sealed record VrfSpec : LinkSpec
{
    /// <summary>The routing table the VRF uses.</summary>
    public required uint Table { get; init; }
}
