namespace Cni.Linux;

internal static partial class Interop
{
    /// <summary>Constants of linux/if_addr.h.</summary>
    internal static partial class Netlink
    {
        internal const ushort RTM_NEWADDR = 20;
        internal const ushort RTM_DELADDR = 21;
        internal const ushort RTM_GETADDR = 22;

        internal const int IFADDRMSG_LEN = 8;

        internal const ushort IFA_ADDRESS = 1;
        internal const ushort IFA_LOCAL = 2;
        internal const ushort IFA_LABEL = 3;
        internal const ushort IFA_BROADCAST = 4;
        internal const ushort IFA_ANYCAST = 5;
        internal const ushort IFA_CACHEINFO = 6;
        internal const ushort IFA_FLAGS = 8;

        internal const uint RTNLGRP_IPV4_IFADDR = 5;
        internal const uint RTNLGRP_IPV6_IFADDR = 9;
    }
}
