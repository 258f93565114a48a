using System.Runtime.InteropServices;

namespace Cni.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const uint TUNSETIFF = 0x400454ca;
        internal const uint TUNSETPERSIST = 0x400454cb;
        internal const uint TUNSETOWNER = 0x400454cc;
        internal const uint TUNSETGROUP = 0x400454ce;

        internal const short IFF_TAP = 0x0002;
        internal const short IFF_NO_PI = 0x1000;
        internal const short IFF_VNET_HDR = 0x4000;
        internal const short IFF_MULTI_QUEUE = 0x0100;

        internal const int IFNAMSIZ = 16;

        /// <summary>struct ifreq is 40 bytes on 64-bit Linux: ifr_name[16], then the union (ifr_flags first).</summary>
        internal const int IFREQ_LEN = 40;

        [LibraryImport("libc", SetLastError = true)]
        internal static unsafe partial int ioctl(SafeHandle fd, nuint request, void* argp);

        [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
        internal static partial int ioctl_value(SafeHandle fd, nuint request, nuint value);
    }
}
