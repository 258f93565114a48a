using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Cni;

/// <summary>Runs a plugin binary with an environment and stdin, like Go's <c>invoke.RawExec</c>.</summary>
public static class PluginProcess
{
    private const int TextFileBusyRetries = 5;

    /// <summary>
    /// Runs <paramref name="path"/> and returns its stdout. On failure the plugin's error object is thrown as a
    /// <see cref="CniException"/> with its code; without one, stderr or the exit status is the message.
    /// Cancellation kills the plugin.
    /// </summary>
    public static async Task<byte[]> RunAsync(string path, IReadOnlyDictionary<string, string> environment,
        ReadOnlyMemory<byte> stdin, TextWriter? stderrSink = null, CancellationToken cancel = default)
    {
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(path, environment, stdin, stderrSink, cancel).ConfigureAwait(false);
            }
            catch (Win32Exception e) when (e.NativeErrorCode == 26 && attempt < TextFileBusyRetries)
            {
                // ETXTBSY: the binary is still being written (e.g. during an install); Go retries the same way.
                await Task.Delay(TimeSpan.FromSeconds(1), cancel).ConfigureAwait(false);
            }
        }
    }

    private static async Task<byte[]> RunOnceAsync(string path, IReadOnlyDictionary<string, string> environment,
        ReadOnlyMemory<byte> stdin, TextWriter? stderrSink, CancellationToken cancel)
    {
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
        var stdoutTask = ReadAllAsync(process.StandardOutput.BaseStream);
        var stderrTask = ReadAllAsync(process.StandardError.BaseStream);
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin, cancel).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The plugin exited without reading stdin; its exit status tells the rest.
        }
        bool killed = false;
        try
        {
            await process.WaitForExitAsync(cancel).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            killed = true;
        }
        var stdout = await stdoutTask.ConfigureAwait(false);
        var stderr = await stderrTask.ConfigureAwait(false);
        if (!killed && process.ExitCode == 0)
        {
            if (stderrSink is not null && stderr.Length > 0)
            {
                await stderrSink.WriteAsync(Encoding.UTF8.GetString(stderr)).ConfigureAwait(false);
            }
            return stdout;
        }
        throw Failure(stdout, stderr, killed ? "signal: killed" : $"exit status {process.ExitCode}");
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

    private static async Task<byte[]> ReadAllAsync(Stream s)
    {
        using var ms = new MemoryStream();
        await s.CopyToAsync(ms).ConfigureAwait(false);
        return ms.ToArray();
    }
}
