using System.Runtime.InteropServices;

namespace Cni.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const int SIGHUP = 1;
        internal const int SIGINT = 2;
        internal const int SIGQUIT = 3;
        internal const int SIGTERM = 15;

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int kill(int pid, int sig);
    }
}
