namespace Cni.Linux;

internal static partial class Interop
{
    /// <summary>Constants of linux/rtnetlink.h, pkt_sched.h, pkt_cls.h and tc_act/tc_mirred.h.</summary>
    internal static partial class Netlink
    {
        internal const ushort RTM_NEWQDISC = 36;
        internal const ushort RTM_DELQDISC = 37;
        internal const ushort RTM_GETQDISC = 38;
        internal const ushort RTM_NEWTFILTER = 44;
        internal const ushort RTM_DELTFILTER = 45;

        internal const int TCMSG_LEN = 20;

        internal const ushort TCA_KIND = 1;
        internal const ushort TCA_OPTIONS = 2;

        internal const uint TC_H_ROOT = 0xFFFFFFFF;
        internal const uint TC_H_INGRESS = 0xFFFFFFF1;
        internal const ushort ETH_P_ALL = 0x0003;

        internal const ushort TCA_TBF_PARMS = 1;
        internal const ushort TCA_TBF_RATE64 = 4;
        internal const int TC_TBF_QOPT_LEN = 36;

        internal const ushort TCA_U32_CLASSID = 1;
        internal const ushort TCA_U32_SEL = 5;
        internal const ushort TCA_U32_ACT = 7;
        internal const byte TC_U32_TERMINAL = 1;

        internal const ushort TCA_ACT_KIND = 1;
        internal const ushort TCA_ACT_OPTIONS = 2;
        internal const ushort TCA_MIRRED_PARMS = 2;
        internal const int TC_ACT_STOLEN = 4;
        internal const int TCA_EGRESS_REDIR = 1;
    }
}
