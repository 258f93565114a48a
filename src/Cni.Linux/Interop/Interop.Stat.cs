using System.Runtime.InteropServices;

namespace Cni.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        // struct stat begins with st_dev and st_ino (both 64-bit) on x86_64 and aarch64; 256 bytes covers the rest.
        internal const int StatBufferSize = 256;

        [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
        internal static unsafe partial int stat(string path, byte* buf);
    }
}
