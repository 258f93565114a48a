using System.Runtime.ExceptionServices;
using Cni.Linux.Internal;
using static Cni.Linux.Interop.Libc;

namespace Cni.Linux;

/// <summary>
/// An open network namespace. Work inside it runs on a dedicated OS thread (<see cref="Run{T}(Func{T})"/>), or, when it
/// is short and starts no threads (opening sockets, a few sysctl writes), on the calling thread, which then comes back
/// (<see cref="RunOnCallingThread{T}(Func{T})"/>: no thread start, the plugins' hot paths use it). Netlink sockets
/// opened there (<see cref="Rtnl.OpenIn"/>) stay bound to it and can be used from any thread.
/// </summary>
public sealed class NetNs : IDisposable
{
    /// <summary>Where <see cref="Create"/> puts named namespaces, as <c>ip netns add</c> does.</summary>
    public const string NamedNamespaceDirectory = "/var/run/netns";

    private const string ThreadSelfNetNs = "/proc/thread-self/ns/net";

    private readonly NetNsHandle _handle;

    private NetNs(NetNsHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>The path this namespace was opened from.</summary>
    public string Path { get; }

    internal NetNsHandle Handle => _handle;

    /// <summary>
    /// Opens the namespace at <paramref name="path"/> after checking that it is one.
    /// </summary>
    /// <exception cref="NetNsNotFoundException">The path does not exist.</exception>
    /// <exception cref="NotNetNsException">The path is not an nsfs or procfs file.</exception>
    /// <exception cref="LinuxException">Another statfs or open failure.</exception>
    public static unsafe NetNs Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte* buf = stackalloc byte[256];
        if (statfs(path, buf) != 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno == ENOENT)
                throw new NetNsNotFoundException(path);
            throw new LinuxException(errno, $"failed to Statfs \"{path}\"");
        }

        long magic = *(long*)buf;
        if (magic != NSFS_MAGIC && magic != PROC_SUPER_MAGIC)
            throw new NotNetNsException(path, magic);

        var handle = OpenHandle(path);
        // statfs only proves an nsfs or proc file: a mount namespace, or /proc/self/status, would pass it too.
        int type = Interop.Libc.ioctl_value(handle, NS_GET_NSTYPE, 0);
        if (type != CLONE_NEWNET)
        {
            handle.Dispose();
            throw new NotNetNsException(path, type < 0 ? $"\"{path}\" is not a namespace file" : $"\"{path}\" is not a network namespace");
        }
        return new NetNs(handle, path);
    }

    /// <summary>Opens the calling thread's network namespace.</summary>
    public static NetNs OpenCurrent()
    {
        var path = $"/proc/{Environment.ProcessId}/task/{Interop.Libc.gettid()}/ns/net";
        return new NetNs(OpenHandle(ThreadSelfNetNs), path);
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a new OS thread that has entered this namespace and waits for it.
    /// Exceptions from <paramref name="body"/> are rethrown here with their original type and stack.
    /// </summary>
    public void Run(Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Run<object?>(() =>
        {
            body();
            return null;
        });
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a new OS thread that has entered this namespace and returns its result.
    /// The thread returns to its original namespace afterwards; if it cannot, it is discarded (it ends with
    /// the call, so no later work ever runs in the wrong namespace) and a <see cref="LinuxException"/> is thrown.
    /// </summary>
    public T Run<T>(Func<T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return OnDedicatedThread(() => Inside(body, ThrowCannotReturn));
    }

    /// <summary>
    /// <see cref="RunOnCallingThread{T}(Func{T})"/> for a body without a result (e.g. a few sysctl writes: files
    /// under <c>/proc/sys/net</c> belong to the namespace of the thread that opens them).
    /// </summary>
    public void RunOnCallingThread(Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        RunOnCallingThread<object?>(() =>
        {
            body();
            return null;
        });
    }

    /// <summary>
    /// Runs a short <paramref name="body"/> that only opens descriptors (a socket keeps the namespace it was created
    /// in) or writes a few files on the calling thread inside this namespace, without the thread start of <see cref="Run{T}(Func{T})"/>
    /// (≈ 8 % of a bridge ADD's or DEL's CPU, measured). The body must not start threads or block. If the thread
    /// cannot return to its namespace the process ends at once (<see cref="Environment.FailFast(string)"/>): no later
    /// work may run in the wrong namespace.
    /// </summary>
    public T RunOnCallingThread<T>(Func<T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return Inside(body, static path => Environment.FailFast(
            $"returning from network namespace {path} failed (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})"));
    }

    /// <summary>Enters this namespace on the current thread, runs <paramref name="body"/>, and goes back (or calls <paramref name="cannotReturn"/>).</summary>
    private T Inside<T>(Func<T> body, Action<string> cannotReturn)
    {
        using var origin = OpenHandle(ThreadSelfNetNs);
        if (setns(_handle, CLONE_NEWNET) != 0)
            throw LinuxException.FromLastError($"entering network namespace {Path}");
        try
        {
            return body();
        }
        finally
        {
            if (setns(origin, CLONE_NEWNET) != 0)
                cannotReturn(Path);
        }
    }

    /// <summary>
    /// Creates a new, persistent network namespace at <c>/var/run/netns/<paramref name="name"/></c>, like
    /// <c>ip netns add</c>: the directory becomes a shared mount point and the namespace is bind-mounted there.
    /// </summary>
    public static NetNs Create(string name)
    {
        var path = NamedPath(name);
        var operation = $"creating network namespace {path}";
        MakeNamedNamespaceDirectory(operation);

        int fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
        if (fd < 0)
            throw LinuxException.FromLastError(operation);
        _ = close(fd);

        try
        {
            OnDedicatedThread<object?>(() =>
            {
                using var origin = OpenHandle(ThreadSelfNetNs);
                if (unshare(CLONE_NEWNET) != 0)
                    throw LinuxException.FromLastError(operation);
                try
                {
                    if (mount(ThreadSelfNetNs, path, "none", MS_BIND, 0) != 0)
                        throw LinuxException.FromLastError(operation);
                }
                finally
                {
                    if (setns(origin, CLONE_NEWNET) != 0)
                        ThrowCannotReturn(path);
                }

                return null;
            });
            return Open(path);
        }
        catch
        {
            Delete(name);
            throw;
        }
    }

    /// <summary>Removes the named namespace created by <see cref="Create"/>. Does nothing when it does not exist.</summary>
    public static void Delete(string name)
    {
        var path = NamedPath(name);
        if (umount2(path, MNT_DETACH) != 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno is not (EINVAL or ENOENT))
                throw new LinuxException(errno, $"unmounting network namespace {path}");
        }

        if (unlink(path) != 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != ENOENT)
                throw new LinuxException(errno, $"removing network namespace {path}");
        }
    }

    /// <summary>Closes the namespace descriptor; the namespace itself lives on while mounted or used.</summary>
    public void Dispose() => _handle.Dispose();

    /// <inheritdoc/>
    public override string ToString() => Path;

    private static string NamedPath(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('/', StringComparison.Ordinal) || name is "." or "..")
            throw new ArgumentException($"invalid network namespace name \"{name}\"", nameof(name));
        return $"{NamedNamespaceDirectory}/{name}";
    }

    private static void MakeNamedNamespaceDirectory(string operation)
    {
        if (mkdir(NamedNamespaceDirectory, 0x1ed) != 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != EEXIST)
            throw LinuxException.FromLastError(operation);

        // As iproute2: make the directory a shared mount point so that mounts propagate to other mount
        // namespaces; if it is not a mount point yet (EINVAL), bind-mount it onto itself first.
        for (var bound = false; ; bound = true)
        {
            if (mount("", NamedNamespaceDirectory, "none", MS_SHARED | MS_REC, 0) == 0)
                return;
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != EINVAL || bound)
                throw new LinuxException(errno, $"{operation}: making {NamedNamespaceDirectory} shared");
            if (mount(NamedNamespaceDirectory, NamedNamespaceDirectory, "none", MS_BIND | MS_REC, 0) != 0)
                throw LinuxException.FromLastError($"{operation}: bind-mounting {NamedNamespaceDirectory}");
        }
    }

    private static NetNsHandle OpenHandle(string path)
    {
        int fd = open(path, O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0)
            throw LinuxException.FromLastError($"opening network namespace {path}");
        return new NetNsHandle(fd);
    }

    private static void ThrowCannotReturn(string path) =>
        throw LinuxException.FromLastError($"returning from network namespace {path} (thread discarded)");

    private static T OnDedicatedThread<T>(Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = work();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = "netns",
        };
        thread.UnsafeStart();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
