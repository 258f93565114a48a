using System.Net.NetworkInformation;

namespace Cni.Linux;

/// <summary>
/// What to create with <see cref="LinkOps.Create"/>: the attributes every link kind shares. The derived
/// records (<see cref="VethSpec"/>, <see cref="BridgeSpec"/>, ...) add their kind's own.
/// </summary>
public abstract record LinkSpec
{
    /// <summary>The interface name (at most 15 bytes).</summary>
    public required string Name { get; init; }

    /// <summary>The MTU; the kernel default when null.</summary>
    public int? Mtu { get; init; }

    /// <summary>The hardware address; random when null.</summary>
    public PhysicalAddress? Mac { get; init; }

    /// <summary>The transmit queue length; the kernel default when null.</summary>
    public int? TxQueueLen { get; init; }

    /// <summary>The master (e.g. a bridge) to enslave the new link to.</summary>
    public int? MasterIndex { get; init; }

    /// <summary>Create the link directly in this namespace (<c>IFLA_NET_NS_FD</c>) instead of the socket's.</summary>
    public NetNs? Namespace { get; init; }
}
