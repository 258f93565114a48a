namespace Cni.Linux;

internal static partial class Interop
{
    /// <summary>Constants of linux/netlink.h, spelled as there.</summary>
    internal static partial class Netlink
    {
        internal const int NETLINK_ROUTE = 0;
        internal const int NETLINK_ADD_MEMBERSHIP = 1;
        internal const int NETLINK_DROP_MEMBERSHIP = 2;
        internal const int NETLINK_CAP_ACK = 10;
        internal const int NETLINK_EXT_ACK = 11;

        internal const int NLMSG_HDRLEN = 16;
        internal const int NLA_HDRLEN = 4;
        internal const int NLMSG_ALIGNTO = 4;

        internal const ushort NLMSG_NOOP = 1;
        internal const ushort NLMSG_ERROR = 2;
        internal const ushort NLMSG_DONE = 3;
        internal const ushort NLMSG_OVERRUN = 4;

        internal const ushort NLM_F_REQUEST = 0x01;
        internal const ushort NLM_F_MULTI = 0x02;
        internal const ushort NLM_F_ACK = 0x04;
        internal const ushort NLM_F_ECHO = 0x08;
        internal const ushort NLM_F_DUMP_INTR = 0x10;
        internal const ushort NLM_F_ROOT = 0x100;
        internal const ushort NLM_F_MATCH = 0x200;
        internal const ushort NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
        internal const ushort NLM_F_REPLACE = 0x100;
        internal const ushort NLM_F_EXCL = 0x200;
        internal const ushort NLM_F_CREATE = 0x400;
        internal const ushort NLM_F_APPEND = 0x800;
        internal const ushort NLM_F_CAPPED = 0x100;
        internal const ushort NLM_F_ACK_TLVS = 0x200;

        internal const ushort NLMSGERR_ATTR_MSG = 1;
        internal const ushort NLMSGERR_ATTR_OFFS = 2;

        internal const ushort NLA_F_NESTED = 0x8000;
        internal const ushort NLA_F_NET_BYTEORDER = 0x4000;
        internal const ushort NLA_TYPE_MASK = unchecked((ushort)~(NLA_F_NESTED | NLA_F_NET_BYTEORDER));

        /// <summary>NLMSG_ALIGN / RTA_ALIGN / NLA_ALIGN: the one alignment rule of netlink.</summary>
        internal static int Align(int length) => (length + NLMSG_ALIGNTO - 1) & ~(NLMSG_ALIGNTO - 1);
    }
}
