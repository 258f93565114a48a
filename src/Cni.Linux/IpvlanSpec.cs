namespace Cni.Linux;

/// <summary>An ipvlan on top of <see cref="ParentIndex"/>.</summary>
public sealed record IpvlanSpec : LinkSpec
{
    /// <summary>The index of the parent (lower) device, in the socket's namespace.</summary>
    public required int ParentIndex { get; init; }

    /// <summary>The ipvlan mode.</summary>
    public IpvlanMode Mode { get; init; } = IpvlanMode.L2;

    /// <summary>The ipvlan flag (<c>bridge</c>, <c>private</c>, <c>vepa</c>).</summary>
    public IpvlanFlag Flag { get; init; } = IpvlanFlag.Bridge;
}
