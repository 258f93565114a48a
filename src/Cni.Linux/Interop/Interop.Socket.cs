using System.Runtime.InteropServices;

namespace Cni.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int AF_UNSPEC = 0;
        internal const int AF_INET = 2;
        internal const int AF_BRIDGE = 7;
        internal const int AF_NETLINK = 16;
        internal const int AF_INET6 = 10;

        internal const int SOCK_RAW = 3;
        internal const int SOCK_CLOEXEC = 0x80000;

        internal const int SOL_SOCKET = 1;
        internal const int SO_SNDBUF = 7;
        internal const int SO_RCVBUF = 8;
        internal const int SO_RCVBUFFORCE = 33;
        internal const int SOL_NETLINK = 270;

        internal const int MSG_PEEK = 0x2;
        internal const int MSG_TRUNC = 0x20;
        internal const int MSG_DONTWAIT = 0x40;

        [StructLayout(LayoutKind.Sequential)]
        internal struct SockaddrNl
        {
            public ushort nl_family;
            public ushort nl_pad;
            public uint nl_pid;
            public uint nl_groups;
        }

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int socket(int domain, int type, int protocol);

        [LibraryImport("libc", SetLastError = true)]
        internal static unsafe partial int bind(SafeHandle fd, SockaddrNl* addr, int addrlen);

        [LibraryImport("libc", SetLastError = true)]
        internal static unsafe partial int getsockname(SafeHandle fd, SockaddrNl* addr, int* addrlen);

        [LibraryImport("libc", SetLastError = true)]
        internal static unsafe partial int setsockopt(SafeHandle fd, int level, int optname, void* optval, int optlen);

        [LibraryImport("libc", SetLastError = true)]
        internal static unsafe partial nint send(SafeHandle fd, byte* buf, nint len, int flags);

        [LibraryImport("libc", SetLastError = true)]
        internal static unsafe partial nint recv(SafeHandle fd, byte* buf, nint len, int flags);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int close(int fd);

        internal const short POLLIN = 0x1;

        [StructLayout(LayoutKind.Sequential)]
        internal struct PollFd
        {
            public int fd;
            public short events;
            public short revents;
        }

        [LibraryImport("libc", SetLastError = true)]
        internal static unsafe partial int poll(PollFd* fds, nuint nfds, int timeout);
    }
}
