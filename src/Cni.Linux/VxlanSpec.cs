using System.Net;

namespace Cni.Linux;

/// <summary>A VXLAN tunnel endpoint.</summary>
public sealed record VxlanSpec : LinkSpec
{
    /// <summary>The VXLAN network identifier.</summary>
    public required uint Vni { get; init; }

    /// <summary>The underlay device (<c>IFLA_VXLAN_LINK</c>).</summary>
    public int? ParentIndex { get; init; }

    /// <summary>The local underlay address.</summary>
    public IPAddress? Local { get; init; }

    /// <summary>The remote (unicast) or multicast group address.</summary>
    public IPAddress? Group { get; init; }

    /// <summary>The UDP destination port; the kernel default (8472) when null, IANA's is 4789.</summary>
    public ushort? Port { get; init; }

    /// <summary>Learn remote MACs from received packets; the kernel default (on) when null.</summary>
    public bool? Learning { get; init; }
}
