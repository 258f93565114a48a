namespace Cni.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int EPERM = 1;
        internal const int ENOENT = 2;
        internal const int ESRCH = 3;
        internal const int EINTR = 4;
        internal const int EIO = 5;
        internal const int ENXIO = 6;
        internal const int EBADF = 9;
        internal const int EAGAIN = 11;
        internal const int ENOMEM = 12;
        internal const int EACCES = 13;
        internal const int EBUSY = 16;
        internal const int EEXIST = 17;
        internal const int ENODEV = 19;
        internal const int ENOTDIR = 20;
        internal const int EINVAL = 22;
        internal const int ENOSPC = 28;
        internal const int EPIPE = 32;
        internal const int ERANGE = 34;
        internal const int ENOTSUP = 95;
        internal const int EOPNOTSUPP = 95;
        internal const int EAFNOSUPPORT = 97;
        internal const int EADDRINUSE = 98;
        internal const int EADDRNOTAVAIL = 99;
        internal const int ENETUNREACH = 101;
        internal const int ENOBUFS = 105;
        internal const int ETIMEDOUT = 110;
        internal const int EHOSTUNREACH = 113;
    }
}
