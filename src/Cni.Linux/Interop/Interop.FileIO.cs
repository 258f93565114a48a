using System.Runtime.InteropServices;

namespace Cni.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int O_TRUNC = 0x200;
        internal const int O_NOFOLLOW = 0x20000;

        [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
        internal static unsafe partial nint read(int fd, byte* buf, nuint count);

        [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
        internal static unsafe partial nint write(int fd, byte* buf, nuint count);

        [LibraryImport("libc", EntryPoint = "pwrite", SetLastError = true)]
        internal static unsafe partial nint pwrite(int fd, byte* buf, nuint count, long offset);

        [LibraryImport("libc", EntryPoint = "ftruncate", SetLastError = true)]
        internal static partial int ftruncate(int fd, long length);
    }
}
