namespace Cni.Linux;

/// <summary>Options for <see cref="Tap.Create"/>.</summary>
public sealed record TapOptions
{
    /// <summary>Create a multi-queue tap (<c>IFF_MULTI_QUEUE</c>); whoever attaches later must ask for it too.</summary>
    public bool MultiQueue { get; init; }

    /// <summary>Prepend a virtio-net header to frames (<c>IFF_VNET_HDR</c>).</summary>
    public bool VnetHdr { get; init; }

    /// <summary>The user allowed to attach to the tap (<c>TUNSETOWNER</c>).</summary>
    public uint? Owner { get; init; }

    /// <summary>The group allowed to attach to the tap (<c>TUNSETGROUP</c>).</summary>
    public uint? Group { get; init; }
}
