using System.Runtime.InteropServices;

namespace Cni.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int AF_PACKET = 17;
        internal const int SOCK_DGRAM = 2;
        internal const ushort ETH_P_IP = 0x0800;
        internal const int ETH_ALEN = 6;

        /// <summary><c>struct sockaddr_ll</c> (linux/if_packet.h); <c>sll_protocol</c> in network byte order.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct SockaddrLl
        {
            public ushort sll_family;
            public ushort sll_protocol;
            public int sll_ifindex;
            public ushort sll_hatype;
            public byte sll_pkttype;
            public byte sll_halen;
            public fixed byte sll_addr[8];
        }

        [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
        internal static unsafe partial int bind_ll(SafeHandle fd, SockaddrLl* addr, int addrlen);

        [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
        internal static unsafe partial nint sendto_ll(SafeHandle fd, byte* buf, nint len, int flags, SockaddrLl* addr, int addrlen);

        [LibraryImport("libc", EntryPoint = "recvfrom", SetLastError = true)]
        internal static unsafe partial nint recvfrom_ll(SafeHandle fd, byte* buf, nint len, int flags, SockaddrLl* addr, int* addrlen);
    }
}
