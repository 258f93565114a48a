namespace Cni.Linux.Tests;

/// <summary>
/// <see cref="FileLock"/>: exclusion, waits that end in the polling phase and after it (on the helper thread), the
/// timeout with its errno and text, and a lock granted after the timeout released at once. Two opens of the same file
/// in one process are two open file descriptions, so their flocks exclude each other as between processes.
/// </summary>
public sealed class FileLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cni-filelock-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string LockPath => Path.Join(_dir, "lock");

    [Fact]
    public void An_uncontended_lock_is_taken_and_creates_the_file_with_Go_s_mode()
    {
        using (FileLock.Acquire(LockPath, TimeSpan.Zero))
        {
            var mode = File.GetUnixFileMode(LockPath);
            Assert.True((mode & ~(UnixFileMode)0x1e8) == 0 && mode.HasFlag(UnixFileMode.UserRead), $"mode {mode}: 0750 less the umask expected");
        }
    }

    [Fact]
    public void A_held_lock_times_out_with_ETIMEDOUT_and_the_wait_in_the_message()
    {
        using var holder = FileLock.Acquire(LockPath, TimeSpan.Zero);
        foreach (var (timeout, text) in new[] { (TimeSpan.Zero, "0"), (TimeSpan.FromMilliseconds(40), "0"), (TimeSpan.FromMilliseconds(200), "0.2") })
        {
            var e = Assert.Throws<LinuxException>(() => FileLock.Acquire(LockPath, timeout));
            Assert.Equal(110, e.Errno);
            Assert.StartsWith($"locking {LockPath} (waited {text} s): ", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(30)]   // released while the waiter polls
    [InlineData(400)]  // released after the polling phase: the waiter blocks on its helper thread
    public async Task A_waiter_gets_the_lock_once_the_holder_releases_it(int holdMs)
    {
        var holder = FileLock.Acquire(LockPath, TimeSpan.Zero);
        var released = false;
        var release = Task.Run(async () =>
        {
            await Task.Delay(holdMs);
            Volatile.Write(ref released, true);
            holder.Dispose();
        }, TestContext.Current.CancellationToken);

        using (FileLock.Acquire(LockPath, TimeSpan.FromSeconds(30)))
        {
            Assert.True(Volatile.Read(ref released), "the lock was granted while still held");
            // Held now: nobody else gets it.
            Assert.Equal(110, Assert.Throws<LinuxException>(() => FileLock.Acquire(LockPath, TimeSpan.Zero)).Errno);
        }
        await release;
    }

    [Fact]
    public async Task An_infinite_wait_blocks_until_the_release()
    {
        var holder = FileLock.Acquire(LockPath, TimeSpan.Zero);
        var released = false;
        var release = Task.Run(async () =>
        {
            await Task.Delay(150);
            Volatile.Write(ref released, true);
            holder.Dispose();
        }, TestContext.Current.CancellationToken);

        using (FileLock.Acquire(LockPath, Timeout.InfiniteTimeSpan))
        {
            Assert.True(Volatile.Read(ref released));
        }
        await release;
    }

    [Fact]
    public void A_lock_granted_after_the_timeout_is_released_at_once()
    {
        var holder = FileLock.Acquire(LockPath, TimeSpan.Zero);
        // Past the polling phase, so a helper thread is still blocked in flock when the caller gives up.
        Assert.Equal(110, Assert.Throws<LinuxException>(() => FileLock.Acquire(LockPath, TimeSpan.FromMilliseconds(300))).Errno);
        holder.Dispose();

        // The abandoned waiter gets the lock and drops it: a later caller gets it within moments.
        using var next = FileLock.Acquire(LockPath, TimeSpan.FromSeconds(10));
        Assert.Equal(LockPath, next.Path);
    }

    [Fact]
    public void A_negative_timeout_other_than_infinite_is_refused_when_the_lock_is_held()
    {
        using var holder = FileLock.Acquire(LockPath, TimeSpan.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => FileLock.Acquire(LockPath, TimeSpan.FromSeconds(-2)));
    }
}
