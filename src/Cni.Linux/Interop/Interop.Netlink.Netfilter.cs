namespace Cni.Linux;

internal static partial class Interop
{
    internal static partial class Netlink
    {
        // linux/netlink.h, linux/netfilter/nfnetlink.h, linux/netfilter/nfnetlink_conntrack.h
        internal const int NETLINK_NETFILTER = 12;
        internal const int NFGENMSG_LEN = 4;
        internal const byte NFNETLINK_V0 = 0;
        internal const byte NFNL_SUBSYS_CTNETLINK = 1;

        internal const byte IPCTNL_MSG_CT_NEW = 0;
        internal const byte IPCTNL_MSG_CT_GET = 1;
        internal const byte IPCTNL_MSG_CT_DELETE = 2;

        internal const ushort CTA_TUPLE_ORIG = 1;
        internal const ushort CTA_ZONE = 18;

        internal const ushort CTA_TUPLE_IP = 1;
        internal const ushort CTA_TUPLE_PROTO = 2;

        internal const ushort CTA_PROTO_NUM = 1;
        internal const ushort CTA_PROTO_SRC_PORT = 2;
        internal const ushort CTA_PROTO_DST_PORT = 3;

        // linux/netfilter/nf_tables.h
        internal const byte NFNL_SUBSYS_NFTABLES = 10;
        internal const byte NFT_MSG_GETTABLE = 1;
        internal const ushort NFTA_TABLE_NAME = 1;
        internal const byte NFPROTO_INET = 1;
        internal const byte NFPROTO_IPV4 = 2;
        internal const byte NFPROTO_BRIDGE = 7;
        internal const byte NFPROTO_IPV6 = 10;
        internal const byte NFPROTO_NETDEV = 5;
        internal const byte NFPROTO_ARP = 3;

        /// <summary>The nlmsg_type of a ctnetlink message: subsystem in the high byte.</summary>
        internal static ushort CtMessageType(byte message) => (ushort)((NFNL_SUBSYS_CTNETLINK << 8) | message);
    }
}
