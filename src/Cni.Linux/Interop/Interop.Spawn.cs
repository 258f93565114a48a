using System.Runtime.InteropServices;

namespace Cni.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        internal const short POLLOUT = 0x4;
        internal const int SIGPIPE = 13;
        internal const short POSIX_SPAWN_SETSIGDEF = 0x04;
        internal const short POSIX_SPAWN_SETSIGMASK = 0x08;

        // glibc's posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336, sigset_t 128 (x86_64 and aarch64);
        // the buffers leave room for other C libraries.
        internal const int SpawnFileActionsSize = 256;
        internal const int SpawnAttrSize = 1024;
        internal const int SigSetSize = 256;

        [LibraryImport("libc", SetLastError = true)]
        internal static unsafe partial int pipe2(int* fds, int flags);

        [LibraryImport("libc")]
        internal static unsafe partial int posix_spawn_file_actions_init(byte* actions);

        [LibraryImport("libc")]
        internal static unsafe partial int posix_spawn_file_actions_adddup2(byte* actions, int fd, int newfd);

        [LibraryImport("libc")]
        internal static unsafe partial int posix_spawn_file_actions_destroy(byte* actions);

        [LibraryImport("libc")]
        internal static unsafe partial int posix_spawnattr_init(byte* attr);

        [LibraryImport("libc")]
        internal static unsafe partial int posix_spawnattr_setflags(byte* attr, short flags);

        [LibraryImport("libc")]
        internal static unsafe partial int posix_spawnattr_setsigmask(byte* attr, byte* sigmask);

        [LibraryImport("libc")]
        internal static unsafe partial int posix_spawnattr_setsigdefault(byte* attr, byte* sigdefault);

        [LibraryImport("libc")]
        internal static unsafe partial int posix_spawnattr_destroy(byte* attr);

        [LibraryImport("libc")]
        internal static unsafe partial int sigemptyset(byte* set);

        [LibraryImport("libc")]
        internal static unsafe partial int sigaddset(byte* set, int signum);

        /// <summary>Returns an error number (not -1 and errno) on failure.</summary>
        [LibraryImport("libc")]
        internal static unsafe partial int posix_spawn(int* pid, byte* path, byte* fileActions, byte* attr, byte** argv, byte** envp);

        [LibraryImport("libc", SetLastError = true)]
        internal static unsafe partial int waitpid(int pid, int* status, int options);
    }
}
