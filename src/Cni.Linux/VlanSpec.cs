namespace Cni.Linux;

/// <summary>An 802.1Q/802.1ad VLAN on top of <see cref="ParentIndex"/>.</summary>
public sealed record VlanSpec : LinkSpec
{
    /// <summary>The index of the parent (lower) device, in the socket's namespace.</summary>
    public required int ParentIndex { get; init; }

    /// <summary>The VLAN id, 0–4094.</summary>
    public required ushort VlanId { get; init; }

    /// <summary>The tag protocol: 0x8100 (802.1Q) or 0x88a8 (802.1ad); the kernel default (802.1Q) when null.</summary>
    public ushort? Protocol { get; init; }
}
