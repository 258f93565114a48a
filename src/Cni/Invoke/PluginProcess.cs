using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;

namespace Cni;

/// <summary>Runs a plugin binary with an environment and stdin, like Go's <c>invoke.RawExec</c>.</summary>
public static class PluginProcess
{
    private const int TextFileBusyRetries = 5;

    // A pipe holds at least one page even when the user's pipe buffers are limited (pipe-user-pages-soft); stdin up to
    // this size is written before the plugin reads any of it.
    private const int PipeBufferFloor = 4096;

    /// <summary>
    /// Runs <paramref name="path"/> and returns its stdout. On failure the plugin's error object is thrown as a
    /// <see cref="CniException"/> with its code; without one, stderr or the exit status is the message.
    /// Cancellation kills the plugin.
    /// </summary>
    /// <remarks>
    /// The exec is synchronous: the returned task has completed (a plugin exec is a short, blocking affair, and async
    /// pipe I/O would cost every exec the socket engine's epoll thread and thread-pool threads). Callers that run
    /// several plugins at once give each its own thread (<see cref="Task.Run(Func{Task})"/>).
    /// </remarks>
    public static async Task<byte[]> RunAsync(string path, IReadOnlyDictionary<string, string> environment,
        ReadOnlyMemory<byte> stdin, TextWriter? stderrSink = null, CancellationToken cancel = default)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return RunOnce(path, environment, stdin, stderrSink, cancel);
            }
            catch (Win32Exception e) when (e.NativeErrorCode == 26 && attempt < TextFileBusyRetries)
            {
                // ETXTBSY: the binary is still being written (e.g. during an install); Go retries the same way.
                await Task.Delay(TimeSpan.FromSeconds(1), cancel).ConfigureAwait(false);
            }
        }
    }

    private static byte[] RunOnce(string path, IReadOnlyDictionary<string, string> environment,
        ReadOnlyMemory<byte> stdin, TextWriter? stderrSink, CancellationToken cancel)
    {
        cancel.ThrowIfCancellationRequested();
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment.Clear();
        foreach (var (k, v) in environment)
        {
            info.Environment[k] = v;
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("failed to start " + path);
        // Blocking reads and writes only (async pipe I/O starts the socket engine's epoll thread and thread-pool threads):
        // stdout is read here, stderr on a helper thread that later execs reuse; stdin is written here first when it
        // fits in the pipe (the write then ends without the plugin reading), else on a thread of its own.
        var stderrDrain = PipeDrain.Start(PipeIo.Raw(process.StandardError.BaseStream, FileAccess.Read));
        Thread? stdinWriter = null;
        var killer = new Killer(process);
        byte[] stdout, stderr;
        try
        {
            using (cancel.UnsafeRegister(static k => ((Killer)k!).Kill(), killer))
            {
                if (stdin.Length <= PipeBufferFloor)
                {
                    PipeIo.WriteAndClose(process.StandardInput, stdin);
                }
                else
                {
                    stdinWriter = new Thread(() => PipeIo.WriteAndClose(process.StandardInput, stdin)) { IsBackground = true, Name = "plugin stdin" };
                    stdinWriter.UnsafeStart();
                }
                using (var stdoutStream = PipeIo.Raw(process.StandardOutput.BaseStream, FileAccess.Read))
                {
                    stdout = PipeIo.ReadAll(stdoutStream);
                }
                stdinWriter?.Join();
                stderr = stderrDrain.Finish();
                process.WaitForExit();
            }
        }
        catch
        {
            stderrDrain.Abandon();
            throw;
        }
        killer.Failure?.Throw();
        if (!killer.Killed && process.ExitCode == 0)
        {
            if (stderrSink is not null && stderr.Length > 0)
            {
                stderrSink.Write(Encoding.UTF8.GetString(stderr));
            }
            return stdout;
        }
        throw Failure(stdout, stderr, killer.Killed ? "signal: killed" : $"exit status {process.ExitCode}");
    }

    private static CniException Failure(byte[] stdout, byte[] stderr, string exit)
    {
        if (stdout.Length > 0)
        {
            return CniError.Parse(stdout) ?? new CniException(CniErrorCode.DecodingFailure,
                $"netplugin failed but error parsing its diagnostic message \"{Encoding.UTF8.GetString(stdout)}\"");
        }
        return stderr.Length > 0
            ? new CniException(CniErrorCode.Internal, $"netplugin failed: \"{Encoding.UTF8.GetString(stderr)}\": {exit}")
            : new CniException(CniErrorCode.Internal, $"netplugin failed with no error message: {exit}");
    }

    /// <summary>Cancellation: kills the plugin and its descendants unless it has already exited.</summary>
    private sealed class Killer(Process process)
    {
        private readonly Lock _gate = new();

        public bool Killed { get; private set; }

        public ExceptionDispatchInfo? Failure { get; private set; }

        public void Kill()
        {
            lock (_gate)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                        Killed = true;
                    }
                }
                catch (Exception e)
                {
                    // Runs on the thread that cancelled: never throw there; the exec reports it instead.
                    Failure = ExceptionDispatchInfo.Capture(e);
                }
            }
        }
    }
}
