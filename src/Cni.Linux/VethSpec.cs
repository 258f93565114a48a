using System.Net.NetworkInformation;

namespace Cni.Linux;

/// <summary>A veth pair: <see cref="LinkSpec.Name"/> here, <see cref="PeerName"/> at the other end.</summary>
public sealed record VethSpec : LinkSpec
{
    /// <summary>The name of the peer end.</summary>
    public required string PeerName { get; init; }

    /// <summary>Create the peer directly in this namespace (by fd); the socket's namespace when null.</summary>
    public NetNs? PeerNamespace { get; init; }

    /// <summary>The peer's hardware address; random when null.</summary>
    public PhysicalAddress? PeerMac { get; init; }

    /// <summary>The peer's MTU; <see cref="LinkSpec.Mtu"/> when null.</summary>
    public int? PeerMtu { get; init; }

    /// <summary>The peer's transmit queue length; null leaves the kernel's default.</summary>
    public int? PeerTxQueueLen { get; init; }
}
