namespace Cni.Linux;

internal static partial class Interop
{
    /// <summary>Constants of linux/rtnetlink.h and linux/if_link.h for links.</summary>
    internal static partial class Netlink
    {
        internal const ushort RTM_NEWLINK = 16;
        internal const ushort RTM_DELLINK = 17;
        internal const ushort RTM_GETLINK = 18;
        internal const ushort RTM_SETLINK = 19;

        internal const int IFINFOMSG_LEN = 16;

        internal const uint IFF_UP = 0x1;
        internal const uint IFF_BROADCAST = 0x2;
        internal const uint IFF_LOOPBACK = 0x8;
        internal const uint IFF_POINTOPOINT = 0x10;
        internal const uint IFF_RUNNING = 0x40;
        internal const uint IFF_NOARP = 0x80;
        internal const uint IFF_PROMISC = 0x100;
        internal const uint IFF_ALLMULTI = 0x200;
        internal const uint IFF_MULTICAST = 0x1000;
        internal const uint IFF_LOWER_UP = 0x10000;

        internal const ushort IFLA_ADDRESS = 1;
        internal const ushort IFLA_BROADCAST = 2;
        internal const ushort IFLA_IFNAME = 3;
        internal const ushort IFLA_MTU = 4;
        internal const ushort IFLA_LINK = 5;
        internal const ushort IFLA_MASTER = 10;
        internal const ushort IFLA_PROTINFO = 12;
        internal const ushort IFLA_TXQLEN = 13;
        internal const ushort IFLA_OPERSTATE = 16;
        internal const ushort IFLA_LINKMODE = 17;
        internal const ushort IFLA_LINKINFO = 18;
        internal const ushort IFLA_NET_NS_PID = 19;
        internal const ushort IFLA_IFALIAS = 20;
        internal const ushort IFLA_AF_SPEC = 26;
        internal const ushort IFLA_INET6_ADDR_GEN_MODE = 8;
        internal const byte IN6_ADDR_GEN_MODE_NONE = 1;
        internal const ushort IFLA_GROUP = 27;
        internal const ushort IFLA_NET_NS_FD = 28;
        internal const ushort IFLA_EXT_MASK = 29;
        internal const ushort IFLA_PROMISCUITY = 30;
        internal const ushort IFLA_NUM_TX_QUEUES = 31;
        internal const ushort IFLA_NUM_RX_QUEUES = 32;
        internal const ushort IFLA_CARRIER = 33;
        internal const ushort IFLA_LINK_NETNSID = 37;
        internal const ushort IFLA_MIN_MTU = 50;
        internal const ushort IFLA_MAX_MTU = 51;

        internal const ushort IFLA_INFO_KIND = 1;
        internal const ushort IFLA_INFO_DATA = 2;
        internal const ushort IFLA_INFO_SLAVE_KIND = 4;
        internal const ushort IFLA_INFO_SLAVE_DATA = 5;

        internal const ushort VETH_INFO_PEER = 1;

        internal const ushort IFLA_BR_VLAN_FILTERING = 7;
        internal const ushort IFLA_BR_MCAST_SNOOPING = 23;

        internal const ushort IFLA_MACVLAN_MODE = 1;
        internal const ushort IFLA_MACVLAN_FLAGS = 2;
        internal const ushort IFLA_MACVLAN_BC_QUEUE_LEN = 7;

        internal const ushort IFLA_VRF_TABLE = 1;

        internal const ushort IFLA_IPVLAN_MODE = 1;
        internal const ushort IFLA_IPVLAN_FLAGS = 2;

        internal const ushort IFLA_VLAN_ID = 1;
        internal const ushort IFLA_VLAN_PROTOCOL = 5;

        internal const ushort IFLA_VXLAN_ID = 1;
        internal const ushort IFLA_VXLAN_GROUP = 2;
        internal const ushort IFLA_VXLAN_LINK = 3;
        internal const ushort IFLA_VXLAN_LOCAL = 4;
        internal const ushort IFLA_VXLAN_LEARNING = 7;
        internal const ushort IFLA_VXLAN_PORT = 15;
        internal const ushort IFLA_VXLAN_GROUP6 = 16;
        internal const ushort IFLA_VXLAN_LOCAL6 = 17;

        internal const ushort IFLA_BRPORT_MODE = 4;
        internal const ushort IFLA_BRPORT_LEARNING = 8;
        internal const ushort IFLA_BRPORT_ISOLATED = 33;

        internal const ushort IFLA_BRIDGE_FLAGS = 0;
        internal const ushort IFLA_BRIDGE_VLAN_INFO = 2;
        internal const ushort BRIDGE_FLAGS_MASTER = 1;
        internal const ushort BRIDGE_FLAGS_SELF = 2;
        internal const ushort BRIDGE_VLAN_INFO_MASTER = 1;
        internal const ushort BRIDGE_VLAN_INFO_PVID = 2;
        internal const ushort BRIDGE_VLAN_INFO_UNTAGGED = 4;

        internal const uint RTEXT_FILTER_VF = 1;
        internal const uint RTEXT_FILTER_BRVLAN = 2;
        internal const uint RTEXT_FILTER_SKIP_STATS = 8;
    }
}
