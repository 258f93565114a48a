using System.Runtime.InteropServices;
using Cni.Linux.Internal;
using static Cni.Linux.Interop.Libc;

namespace Cni.Linux;

/// <summary>File operations the BCL lacks.</summary>
public static class Files
{
    /// <summary>Whether two paths name the same file (device and inode, symlinks followed).</summary>
    public static bool SameFile(string a, string b)
    {
        try
        {
            return NetNsIdentity.Same(a, b);
        }
        catch (LinuxException)
        {
            return false;
        }
    }

    /// <summary>Whether two paths are on the same file system (so one can be hard-linked beside the other).</summary>
    /// <exception cref="LinuxException">A path cannot be examined.</exception>
    public static unsafe bool SameDevice(string a, string b)
    {
        byte* buf = stackalloc byte[StatBufferSize];
        if (stat(a, buf) != 0)
        {
            throw LinuxException.FromLastError($"examining {a}");
        }
        ulong dev = *(ulong*)buf;
        if (stat(b, buf) != 0)
        {
            throw LinuxException.FromLastError($"examining {b}");
        }
        return dev == *(ulong*)buf;
    }

    /// <summary>Makes <paramref name="link"/> a hard link to <paramref name="source"/>; false when they are on different file systems.</summary>
    /// <exception cref="LinuxException">Any other failure.</exception>
    public static bool HardLink(string source, string link)
    {
        if (Interop.Libc.link(source, link) == 0)
        {
            return true;
        }
        int errno = Marshal.GetLastPInvokeError();
        return errno == EXDEV ? false : throw new LinuxException(errno, $"linking {link} to {source}");
    }

    /// <summary>
    /// Appends <paramref name="data"/> to <paramref name="path"/> with one <c>write(2)</c> on a descriptor opened
    /// <c>O_APPEND</c> (created with <paramref name="mode"/> if missing), so lines from concurrent processes never
    /// overwrite each other — which <see cref="FileMode.Append"/> (a seek to the end at open) does not promise.
    /// </summary>
    /// <exception cref="LinuxException">Opening or writing failed.</exception>
    public static unsafe void AppendAll(string path, ReadOnlySpan<byte> data, UnixFileMode mode)
    {
        int raw = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, (int)mode);
        if (raw < 0)
        {
            throw LinuxException.FromLastError($"opening {path} for appending");
        }
        using var fd = new FileHandle(raw);
        fixed (byte* p = data)
        {
            int done = 0;
            while (done < data.Length)
            {
                var n = write(fd, p + done, (nuint)(data.Length - done));
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == EINTR)
                    {
                        continue;
                    }
                    throw new LinuxException(errno, $"appending to {path}");
                }
                done += (int)n;
            }
        }
    }
}
