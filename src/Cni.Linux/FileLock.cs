using System.Runtime.InteropServices;
using Cni.Linux.Internal;
using static Cni.Linux.Interop.Libc;

namespace Cni.Linux;

/// <summary>
/// An exclusive <c>flock(2)</c> on a file, held until disposed — the lock Go's host-local and other
/// tools take on the same file, so holders in either implementation exclude each other.
/// </summary>
public sealed class FileLock : IDisposable
{
    private const int LockFileMode = 0x1E8; // 0750, the mode Go's host-local creates its lock with.

    private readonly FileHandle _fd;

    private FileLock(FileHandle fd, string path)
    {
        _fd = fd;
        Path = path;
    }

    /// <summary>The locked file.</summary>
    public string Path { get; }

    /// <summary>
    /// Opens (creating it if needed) and locks <paramref name="path"/>, waiting in the kernel's queue like a
    /// blocking <c>flock(LOCK_EX)</c>. <see cref="Timeout.InfiniteTimeSpan"/> waits for ever.
    /// </summary>
    /// <exception cref="LinuxException">Opening or locking failed; <c>ETIMEDOUT</c> when <paramref name="timeout"/> passed first.</exception>
    public static FileLock Acquire(string path, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        int raw = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, LockFileMode);
        if (raw < 0)
        {
            throw LinuxException.FromLastError($"opening lock {path}");
        }
        var fd = new FileHandle(raw);
        try
        {
            if (!TryLock(fd, LOCK_EX | LOCK_NB, path))
            {
                WaitForLock(fd, path, timeout);
            }
            return new FileLock(fd, path);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>Releases the lock (closing the descriptor drops it).</summary>
    public void Dispose() => _fd.Dispose();

    // flock has no timeout: a helper thread makes the blocking call so the caller can stop waiting, and the
    // waiter keeps its place in the kernel's queue (polling with LOCK_NB would lose to blocking waiters).
    private static void WaitForLock(FileHandle fd, string path, TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            TryLock(fd, LOCK_EX, path);
            return;
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiter = new Thread(() =>
        {
            try
            {
                TryLock(fd, LOCK_EX, path);
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        }) { IsBackground = true, Name = "flock " + path };
        waiter.Start();
        if (!done.Task.Wait(timeout))
        {
            // The caller disposes the handle; the marshaller's reference defers the close until the waiter's
            // flock returns, so a lock granted late is dropped at once.
            throw new LinuxException(ETIMEDOUT, $"locking {path} (waited {timeout.TotalSeconds:0.#} s)");
        }
        done.Task.GetAwaiter().GetResult();
    }

    /// <summary>One flock call, retried on EINTR; false only for EWOULDBLOCK with LOCK_NB.</summary>
    private static bool TryLock(FileHandle fd, int operation, string path)
    {
        while (true)
        {
            if (flock(fd, operation) == 0)
            {
                return true;
            }
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EINTR)
            {
                continue;
            }
            if (errno == EWOULDBLOCK && (operation & LOCK_NB) != 0)
            {
                return false;
            }
            throw new LinuxException(errno, $"locking {path}");
        }
    }
}
