using System.Runtime.InteropServices;
using System.Text;
using static Cni.Linux.Interop.Libc;

namespace Cni.Linux.Internal;

/// <summary>
/// Runs a program to its end on the calling thread: <c>posix_spawn</c>, one <c>poll</c> loop that writes its stdin and
/// reads its stdout and stderr, <c>waitpid</c>. <see cref="System.Diagnostics.Process"/> would start the runtime's
/// SIGCHLD thread and, for redirected streams, the socket engine's epoll thread and thread-pool threads: thread starts
/// on every <c>iptables</c> exec, and a process that ran several threads costs the kernel more at exit when the host
/// has many processes and namespaces.
/// </summary>
internal static unsafe class ChildProcess
{
    public readonly record struct Outcome(int Exit, byte[] Stdout, byte[] Stderr);

    private const int Chunk = 4096; // a pipe that polls writable takes this much without blocking (PIPE_BUF)

    /// <summary>
    /// Runs <paramref name="path"/> with <paramref name="args"/> and this process's environment. With
    /// <paramref name="stdin"/> null the child inherits this process's stdin.
    /// </summary>
    /// <returns>The exit status (128 + the signal number when a signal ended it), stdout and stderr.</returns>
    /// <exception cref="LinuxException">The program could not be started, or a pipe failed.</exception>
    public static Outcome Run(string path, IReadOnlyList<string> args, byte[]? stdin)
    {
        int inR = -1, inW = -1, outR = -1, outW = -1, errR = -1, errW = -1, pid = -1;
        try
        {
            if (stdin is not null)
            {
                Pipe(out inR, out inW);
            }
            Pipe(out outR, out outW);
            Pipe(out errR, out errW);
            pid = Spawn(path, args, inR, outW, errW);
            CloseAndClear(ref inR);
            CloseAndClear(ref outW);
            CloseAndClear(ref errW);
            var (stdout, stderr) = Pump(stdin ?? [], ref inW, ref outR, ref errR);
            int child = pid;
            pid = -1;
            return new Outcome(Reap(child), stdout, stderr);
        }
        finally
        {
            CloseAndClear(ref inR);
            CloseAndClear(ref inW);
            CloseAndClear(ref outR);
            CloseAndClear(ref outW);
            CloseAndClear(ref errR);
            CloseAndClear(ref errW);
            if (pid > 0)
            {
                Reap(pid); // its pipes are closed: it ends on EOF or EPIPE
            }
        }
    }

    private static void Pipe(out int read, out int write)
    {
        int* fds = stackalloc int[2];
        if (pipe2(fds, O_CLOEXEC) != 0)
        {
            throw LinuxException.FromLastError("creating a pipe");
        }
        read = fds[0];
        write = fds[1];
    }

    private static int Spawn(string path, IReadOnlyList<string> args, int stdinFd, int stdoutFd, int stderrFd)
    {
        var strings = new List<string>(args.Count + 1) { path };
        strings.AddRange(args);
        var block = new MemoryStream();
        var offsets = new int[strings.Count];
        for (int i = 0; i < strings.Count; i++)
        {
            offsets[i] = (int)block.Length;
            block.Write(Encoding.UTF8.GetBytes(strings[i]));
            block.WriteByte(0);
        }
        var text = block.ToArray();
        var argv = new byte*[strings.Count + 1];

        byte* actions = stackalloc byte[SpawnFileActionsSize];
        byte* attr = stackalloc byte[SpawnAttrSize];
        byte* none = stackalloc byte[SigSetSize];
        byte* pipeSignal = stackalloc byte[SigSetSize];
        Ok(posix_spawn_file_actions_init(actions), path);
        if (posix_spawnattr_init(attr) is int e and not 0)
        {
            _ = posix_spawn_file_actions_destroy(actions);
            throw new LinuxException(e, $"starting {path}");
        }
        try
        {
            if (stdinFd >= 0)
            {
                Ok(posix_spawn_file_actions_adddup2(actions, stdinFd, 0), path);
            }
            Ok(posix_spawn_file_actions_adddup2(actions, stdoutFd, 1), path);
            Ok(posix_spawn_file_actions_adddup2(actions, stderrFd, 2), path);
            // The runtime ignores SIGPIPE and an ignored signal stays ignored across exec: give the child the default.
            _ = sigemptyset(none);
            _ = sigemptyset(pipeSignal);
            _ = sigaddset(pipeSignal, SIGPIPE);
            Ok(posix_spawnattr_setsigmask(attr, none), path);
            Ok(posix_spawnattr_setsigdefault(attr, pipeSignal), path);
            Ok(posix_spawnattr_setflags(attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF), path);
            fixed (byte* t = text)
            fixed (byte** a = argv)
            {
                for (int i = 0; i < offsets.Length; i++)
                {
                    a[i] = t + offsets[i];
                }
                int pid;
                int error = posix_spawn(&pid, t, actions, attr, a, Environ());
                return error == 0 ? pid : throw new LinuxException(error, $"starting {path}");
            }
        }
        finally
        {
            _ = posix_spawnattr_destroy(attr);
            _ = posix_spawn_file_actions_destroy(actions);
        }
    }

    private static void Ok(int error, string path)
    {
        if (error != 0)
        {
            throw new LinuxException(error, $"starting {path}");
        }
    }

    private static nint _environAddress;

    /// <summary>The C library's <c>environ</c>: nothing in this project changes the environment after start.</summary>
    private static byte** Environ()
    {
        if (_environAddress == 0 && !NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "environ", out _environAddress))
        {
            throw new LinuxException(ENOENT, "finding the C library's environ");
        }
        return *(byte***)_environAddress;
    }

    private static (byte[] Stdout, byte[] Stderr) Pump(byte[] stdin, ref int inW, ref int outR, ref int errR)
    {
        var stdout = new MemoryStream();
        var stderr = new MemoryStream();
        byte* buffer = stackalloc byte[16384];
        PollFd* fds = stackalloc PollFd[3];
        int written = 0;
        if (inW >= 0 && stdin.Length == 0)
        {
            CloseAndClear(ref inW);
        }
        while (inW >= 0 || outR >= 0 || errR >= 0)
        {
            int n = 0;
            if (inW >= 0) fds[n++] = new PollFd { fd = inW, events = POLLOUT };
            if (outR >= 0) fds[n++] = new PollFd { fd = outR, events = POLLIN };
            if (errR >= 0) fds[n++] = new PollFd { fd = errR, events = POLLIN };
            if (poll(fds, (nuint)n, -1) < 0)
            {
                if (Marshal.GetLastPInvokeError() == EINTR) continue;
                throw LinuxException.FromLastError("waiting on a child's pipes");
            }
            for (int i = 0; i < n; i++)
            {
                var fd = fds[i];
                if (fd.revents == 0)
                {
                    continue;
                }
                if (fd.fd == inW)
                {
                    WriteSome(stdin, ref written, ref inW);
                }
                else if (fd.fd == outR)
                {
                    ReadSome(stdout, buffer, ref outR);
                }
                else
                {
                    ReadSome(stderr, buffer, ref errR);
                }
            }
        }
        return (stdout.ToArray(), stderr.ToArray());
    }

    private static void WriteSome(byte[] data, ref int written, ref int fd)
    {
        fixed (byte* p = data)
        {
            nint w = write(fd, p + written, (nuint)Math.Min(Chunk, data.Length - written));
            if (w < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno is EINTR or EAGAIN) return;
                if (errno != EPIPE) throw new LinuxException(errno, "writing a child's stdin");
                CloseAndClear(ref fd); // it exited without reading everything; its exit status tells the rest
                return;
            }
            written += (int)w;
        }
        if (written == data.Length)
        {
            CloseAndClear(ref fd);
        }
    }

    private static void ReadSome(MemoryStream into, byte* buffer, ref int fd)
    {
        nint r = read(fd, buffer, 16384);
        if (r < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is EINTR or EAGAIN) return;
            throw new LinuxException(errno, "reading a child's output");
        }
        if (r == 0)
        {
            CloseAndClear(ref fd);
            return;
        }
        into.Write(new ReadOnlySpan<byte>(buffer, (int)r));
    }

    private static int Reap(int pid)
    {
        int status;
        while (waitpid(pid, &status, 0) < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR) throw new LinuxException(errno, $"waiting for process {pid}");
        }
        int signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }

    private static void CloseAndClear(ref int fd)
    {
        if (fd >= 0)
        {
            _ = close(fd);
            fd = -1;
        }
    }
}
