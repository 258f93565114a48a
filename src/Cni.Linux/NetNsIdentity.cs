using System.Runtime.InteropServices;
using static Cni.Linux.Interop.Libc;

namespace Cni.Linux;

/// <summary>Tells whether two paths name the same network namespace (same device and inode, as <c>ip netns identify</c> compares).</summary>
public static class NetNsIdentity
{
    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> are the same namespace.</summary>
    /// <exception cref="LinuxException">A path cannot be examined.</exception>
    public static bool Same(string a, string b) => Key(a) == Key(b);

    /// <summary>The calling thread's own namespace path.</summary>
    public const string Current = "/proc/thread-self/ns/net";

    private static unsafe (ulong Dev, ulong Ino) Key(string path)
    {
        byte* buf = stackalloc byte[StatBufferSize];
        if (stat(path, buf) != 0)
        {
            throw new LinuxException(Marshal.GetLastPInvokeError(), $"examining namespace {path}");
        }
        return (*(ulong*)buf, *(ulong*)(buf + 8));
    }
}
