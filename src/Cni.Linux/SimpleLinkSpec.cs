namespace Cni.Linux;

/// <summary>A link of a kind without kind-specific options: <c>dummy</c>, <c>ifb</c>, <c>vrf</c>-less kinds and the like.</summary>
public sealed record SimpleLinkSpec : LinkSpec
{
    /// <summary>The kind, e.g. <c>dummy</c> or <c>ifb</c>.</summary>
    public required string Kind { get; init; }
}
