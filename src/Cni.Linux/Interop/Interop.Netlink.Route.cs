namespace Cni.Linux;

internal static partial class Interop
{
    /// <summary>Constants of linux/rtnetlink.h, fib_rules.h and neighbour.h for routes, rules and neighbours.</summary>
    internal static partial class Netlink
    {
        internal const ushort RTM_NEWROUTE = 24;
        internal const ushort RTM_DELROUTE = 25;
        internal const ushort RTM_GETROUTE = 26;
        internal const ushort RTM_NEWNEIGH = 28;
        internal const ushort RTM_DELNEIGH = 29;
        internal const ushort RTM_GETNEIGH = 30;
        internal const ushort RTM_NEWRULE = 32;
        internal const ushort RTM_DELRULE = 33;
        internal const ushort RTM_GETRULE = 34;

        internal const int RTMSG_LEN = 12;
        internal const int NDMSG_LEN = 12;

        internal const ushort RTA_DST = 1;
        internal const ushort RTA_SRC = 2;
        internal const ushort RTA_IIF = 3;
        internal const ushort RTA_OIF = 4;
        internal const ushort RTA_GATEWAY = 5;
        internal const ushort RTA_PRIORITY = 6;
        internal const ushort RTA_PREFSRC = 7;
        internal const ushort RTA_METRICS = 8;
        internal const ushort RTA_TABLE = 15;

        internal const ushort RTAX_MTU = 2;
        internal const ushort RTAX_ADVMSS = 8;

        internal const byte RTN_UNSPEC = 0;
        internal const byte RTN_UNICAST = 1;
        internal const byte RTPROT_UNSPEC = 0;
        internal const byte RTPROT_BOOT = 3;
        internal const byte RT_TABLE_UNSPEC = 0;
        internal const byte RT_TABLE_MAIN = 254;
        internal const uint RTM_F_CLONED = 0x200;
        internal const uint RTNH_F_ONLINK = 4;

        internal const ushort FRA_DST = 1;
        internal const ushort FRA_SRC = 2;
        internal const ushort FRA_IIFNAME = 3;
        internal const ushort FRA_PRIORITY = 6;
        internal const ushort FRA_FWMARK = 10;
        internal const ushort FRA_TABLE = 15;
        internal const ushort FRA_OIFNAME = 17;
        internal const byte FR_ACT_TO_TBL = 1;

        internal const ushort NDA_DST = 1;
        internal const ushort NDA_LLADDR = 2;
        internal const ushort NUD_PERMANENT = 0x80;
    }
}
