using System.Runtime.InteropServices;
using Cni.Linux.Internal;
using static Cni.Linux.Interop.Libc;

namespace Cni.Linux;

/// <summary>File operations the BCL lacks.</summary>
public static class Files
{
    /// <summary>Whether two paths name the same file (device and inode, symlinks followed).</summary>
    /// <remarks>Without exceptions: a path that is gone (DEL after the runtime removed the namespace) is a normal case.</remarks>
    public static bool SameFile(string a, string b) =>
        TryIdentity(a, out var x) && TryIdentity(b, out var y) && x == y;

    /// <summary>Whether <paramref name="path"/> does not exist (<c>stat</c> fails with <c>ENOENT</c>; symlinks followed).</summary>
    public static unsafe bool Missing(string path)
    {
        byte* buf = stackalloc byte[StatBufferSize];
        return stat(path, buf) != 0 && Marshal.GetLastPInvokeError() == ENOENT;
    }

    private static unsafe bool TryIdentity(string path, out (ulong Dev, ulong Ino) key)
    {
        byte* buf = stackalloc byte[StatBufferSize];
        if (stat(path, buf) != 0)
        {
            key = default;
            return false;
        }
        key = (*(ulong*)buf, *(ulong*)(buf + 8));
        return true;
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
    /// Reads a whole small file with plain <c>open</c>/<c>read</c>/<c>close</c>: false on any failure, on a file
    /// longer than <paramref name="maxLength"/>, or (with <paramref name="noFollow"/>) on a symbolic link. Made for
    /// fast paths whose callers fall back to the BCL on false (so failures keep the BCL's exceptions): a
    /// <see cref="FileStream"/> costs five extra system calls (<c>fstat</c>, <c>flock</c> twice, <c>lseek</c>,
    /// <c>fstatfs</c>) and, on first use, the runtime's file-locking switch read from the app context.
    /// </summary>
    public static unsafe bool TryReadAll(string path, int maxLength, bool noFollow, out byte[] data)
    {
        data = [];
        int fd = open(path, O_RDONLY | O_CLOEXEC | (noFollow ? O_NOFOLLOW : 0), 0);
        if (fd < 0)
        {
            return false;
        }
        try
        {
            Span<byte> first = stackalloc byte[512];
            byte[]? buffer = null;
            int length = 0;
            while (true)
            {
                var target = buffer is null ? first : buffer.AsSpan();
                if (length == target.Length)
                {
                    if (length > maxLength || length > 1 << 28)
                    {
                        return false;
                    }
                    var grown = new byte[target.Length * 4];
                    target.CopyTo(grown);
                    buffer = grown;
                    target = grown;
                }
                nint n;
                fixed (byte* p = target)
                {
                    n = read(fd, p + length, (nuint)(target.Length - length));
                }
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == EINTR)
                    {
                        continue;
                    }
                    return false;
                }
                if (n == 0)
                {
                    break;
                }
                length += (int)n;
            }
            if (length > maxLength)
            {
                return false;
            }
            data = (buffer is null ? first : buffer.AsSpan())[..length].ToArray();
            return true;
        }
        finally
        {
            _ = close(fd);
        }
    }

    /// <summary>
    /// <see cref="TryReadAll"/> as UTF-8 text; false also when the file starts like a byte-order mark, which
    /// <c>File.ReadAllText</c> would interpret (the caller's fallback then does).
    /// </summary>
    public static bool TryReadAllText(string path, out string text)
    {
        text = "";
        if (!TryReadAll(path, int.MaxValue / 2, noFollow: false, out var data) ||
            (data.Length >= 2 && data[0] is 0xEF or 0xFE or 0xFF or 0x00))
        {
            return false;
        }
        text = System.Text.Encoding.UTF8.GetString(data);
        return true;
    }

    /// <summary>
    /// Writes <paramref name="data"/> at offset 0 with plain system calls and, with <paramref name="cut"/>, cuts the
    /// file to its length. <paramref name="flags"/> adds to <c>O_WRONLY | O_CLOEXEC</c> (e.g. <c>O_CREAT</c>,
    /// <c>O_EXCL</c>, <c>O_TRUNC</c>). False on any failure, for a caller that falls back to the BCL (see
    /// <see cref="TryReadAll"/>); <paramref name="created"/> tells whether this call made the file (O_EXCL), so that
    /// the caller can remove it first.
    /// </summary>
    public static unsafe bool TryWriteAll(string path, ReadOnlySpan<byte> data, int flags, UnixFileMode mode, bool cut, out bool created)
    {
        created = false;
        int fd = open(path, O_WRONLY | O_CLOEXEC | flags, (int)mode);
        if (fd < 0)
        {
            return false;
        }
        created = (flags & O_EXCL) != 0;
        try
        {
            fixed (byte* p = data)
            {
                int done = 0;
                while (done < data.Length)
                {
                    var n = pwrite(fd, p + done, (nuint)(data.Length - done), done);
                    if (n < 0)
                    {
                        if (Marshal.GetLastPInvokeError() == EINTR)
                        {
                            continue;
                        }
                        return false;
                    }
                    done += (int)n;
                }
            }
            return !cut || ftruncate(fd, data.Length) == 0;
        }
        finally
        {
            _ = close(fd);
        }
    }

    /// <summary>The <c>open(2)</c> flags <see cref="TryWriteAll"/> takes.</summary>
    public const int Create = O_CREAT, Exclusive = O_EXCL, Truncate = O_TRUNC, NoFollow = O_NOFOLLOW;

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
