using System.Runtime.InteropServices;

namespace Cni.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int CLONE_NEWNET = 0x40000000;
        internal const nuint NS_GET_NSTYPE = 0xb703;

        internal const int O_RDONLY = 0x0;
        internal const int O_RDWR = 0x2;
        internal const int O_CREAT = 0x40;
        internal const int O_EXCL = 0x80;
        internal const int O_CLOEXEC = 0x80000;

        internal const long NSFS_MAGIC = 0x6e736673;
        internal const long PROC_SUPER_MAGIC = 0x9fa0;

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int setns(SafeHandle fd, int nstype);

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int unshare(int flags);

        [LibraryImport("libc")]
        internal static partial int gettid();

        [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int open(string path, int flags, int mode);

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int unlink(string path);

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int mkdir(string path, int mode);

        /// <summary>statfs(2) into a raw buffer; <c>f_type</c> is the first machine word on every 64-bit ABI we target.</summary>
        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static unsafe partial int statfs(string path, byte* buf);
    }
}
