using System.Runtime.InteropServices;

namespace Cni.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int O_WRONLY = 0x1;
        internal const int O_APPEND = 0x400;

        [LibraryImport("libc", SetLastError = true)]
        internal static unsafe partial nint write(SafeHandle fd, byte* buf, nuint count);
    }
}
