namespace Cni.Linux;

/// <summary>A Linux bridge.</summary>
public sealed record BridgeSpec : LinkSpec
{
    /// <summary>Enable VLAN filtering (<c>IFLA_BR_VLAN_FILTERING</c>); the kernel default (off) when null.</summary>
    public bool? VlanFiltering { get; init; }

    /// <summary>Enable IGMP/MLD snooping (<c>IFLA_BR_MCAST_SNOOPING</c>); the kernel default (on) when null.</summary>
    public bool? McastSnooping { get; init; }
}
