using System.Net.NetworkInformation;

namespace Cni.Linux;

/// <summary>A network interface as the kernel reports it (<c>RTM_NEWLINK</c>).</summary>
public sealed record Link
{
    /// <summary>The interface index (<c>ifi_index</c>).</summary>
    public required int Index { get; init; }

    /// <summary>The interface name (<c>IFLA_IFNAME</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The link kind (<c>IFLA_INFO_KIND</c>: <c>veth</c>, <c>bridge</c>, ...), or null for devices without one (lo, physical NICs).</summary>
    public string? Kind { get; init; }

    /// <summary>The kind of the master this link is enslaved to (<c>IFLA_INFO_SLAVE_KIND</c>, e.g. <c>bridge</c>).</summary>
    public string? SlaveKind { get; init; }

    /// <summary>The hardware address (<c>IFLA_ADDRESS</c>), or null when the device has none.</summary>
    public PhysicalAddress? Mac { get; init; }

    /// <summary>The MTU (<c>IFLA_MTU</c>).</summary>
    public int Mtu { get; init; }

    /// <summary>The device flags (<c>ifi_flags</c>, the <c>IFF_*</c> bits of linux/if.h).</summary>
    public uint Flags { get; init; }

    /// <summary>Whether the link is administratively up (<c>IFF_UP</c>).</summary>
    public bool IsUp => (Flags & Interop.Netlink.IFF_UP) != 0;

    /// <summary>The ARP hardware type (<c>ifi_type</c>, e.g. 1 for Ethernet, 772 for loopback).</summary>
    public ushort HardwareType { get; init; }

    /// <summary>The index of the master device (<c>IFLA_MASTER</c>), e.g. the bridge of a port.</summary>
    public int? MasterIndex { get; init; }

    /// <summary>
    /// The index of the lower or peer device (<c>IFLA_LINK</c>): the peer of a veth, the parent of a macvlan or vlan.
    /// Interpreted in the namespace given by <see cref="LinkNetNsId"/> when that is set.
    /// </summary>
    public int? LinkIndex { get; init; }

    /// <summary>The namespace id of the peer or lower device when it lives in another namespace (<c>IFLA_LINK_NETNSID</c>).</summary>
    public int? LinkNetNsId { get; init; }

    /// <summary>The RFC 2863 operational state (<c>IFLA_OPERSTATE</c>).</summary>
    public LinkOperState OperState { get; init; }

    /// <summary>The transmit queue length (<c>IFLA_TXQLEN</c>).</summary>
    public int TxQueueLen { get; init; }

    /// <summary>The interface alias (<c>IFLA_IFALIAS</c>).</summary>
    public string? Alias { get; init; }

    /// <summary>The macvlan mode (<c>IFLA_MACVLAN_MODE</c>) of a <c>macvlan</c> link; null for other kinds.</summary>
    public MacvlanMode? MacvlanMode { get; init; }

    /// <summary>The ipvlan mode (<c>IFLA_IPVLAN_MODE</c>) of an <c>ipvlan</c> link; null for other kinds.</summary>
    public IpvlanMode? IpvlanMode { get; init; }

    /// <summary>The VLAN id (<c>IFLA_VLAN_ID</c>) of a <c>vlan</c> link; null for other kinds.</summary>
    public ushort? VlanId { get; init; }

    /// <summary>The routing table (<c>IFLA_VRF_TABLE</c>) of a <c>vrf</c> link; null for other kinds.</summary>
    public uint? VrfTable { get; init; }
}
