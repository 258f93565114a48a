using System.Runtime.ExceptionServices;
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
    /// Opens (creating it if needed) and locks <paramref name="path"/>, waiting for it like a blocking
    /// <c>flock(LOCK_EX)</c> but at most <paramref name="timeout"/>; <see cref="Timeout.InfiniteTimeSpan"/> waits for ever
    /// (a plain blocking <c>flock</c>).
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

    // How a contended lock is waited for (flock has no timeout). Host-local holds its lock for well under a millisecond
    // of work, so most waits end within a few polls with LOCK_NB and short sleeps: a few syscalls, no thread (a thread
    // start costs more than a whole poll phase). A longer wait moves to a blocking flock on a helper thread, joined
    // with the rest of the timeout: blocked waiters are woken the moment the lock is released, so a poller alone
    // could lose to them for ever (Go's host-local blocks).
    private const int FastPolls = 10;      // 1 ms apart,
    private const int MaxPollSleepMs = 8;  // then doubling up to this,
    private const int PollPhaseMs = 100;   // for about this long in all.

    private static void WaitForLock(FileHandle fd, string path, TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            TryLock(fd, LOCK_EX, path);
            return;
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        long start = Environment.TickCount64;
        long budget = (long)Math.Ceiling(timeout.TotalMilliseconds);
        int sleep = 1;
        for (int polls = 1; ; polls++)
        {
            long left = budget - (Environment.TickCount64 - start);
            if (left <= 0)
            {
                throw TimedOut(path, timeout);
            }
            if (Environment.TickCount64 - start >= PollPhaseMs)
            {
                WaitOnHelperThread(fd, path, timeout, TimeSpan.FromMilliseconds(left));
                return;
            }
            Thread.Sleep((int)Math.Min(sleep, left));
            if (TryLock(fd, LOCK_EX | LOCK_NB, path))
            {
                return;
            }
            if (polls >= FastPolls)
            {
                sleep = Math.Min(sleep * 2, MaxPollSleepMs);
            }
        }
    }

    private static void WaitOnHelperThread(FileHandle fd, string path, TimeSpan timeout, TimeSpan left)
    {
        ExceptionDispatchInfo? failure = null;
        var waiter = new Thread(() =>
        {
            try
            {
                TryLock(fd, LOCK_EX, path);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }) { IsBackground = true, Name = "flock" };
        waiter.UnsafeStart();
        if (!waiter.Join(left))
        {
            // The caller disposes the handle; the marshaller's reference defers the close until the waiter's
            // flock returns, so a lock granted late is dropped at once.
            throw TimedOut(path, timeout);
        }
        failure?.Throw();
    }

    private static LinuxException TimedOut(string path, TimeSpan timeout) =>
        new(ETIMEDOUT, $"locking {path} (waited {timeout.TotalSeconds:0.#} s)");

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
