using System.Collections;
using System.Diagnostics;
using System.Text;

namespace Cni.Tool.Internal;

/// <summary>
/// Runs a plugin once and keeps the raw exit status, stdout and stderr — what conformance checks judge, and what
/// <see cref="PluginProcess"/> deliberately turns into exceptions.
/// </summary>
internal sealed class ConformRunner(string path, IReadOnlyList<string> pluginDirs, TimeSpan timeout)
{
    private readonly string _containerId = "cnitool-conform-" + Guid.NewGuid().ToString("N")[..12];

    public sealed record Run(int ExitCode, byte[] Stdout, string Stderr)
    {
        public CniException? Error() => CniError.Parse(Stdout) is { } e && LooksLikeError(Stdout) ? e : null;

        public string Describe() => $"exit {ExitCode}" +
            (Stdout.Length > 0 ? $", stdout {Encoding.UTF8.GetString(Stdout).Trim()}" : "") +
            (Stderr.Length > 0 ? $", stderr {Stderr.Trim()}" : "");

        private static bool LooksLikeError(byte[] stdout)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(stdout);
            return doc.RootElement.TryGetProperty("code", out var c) && c.ValueKind == System.Text.Json.JsonValueKind.Number &&
                   doc.RootElement.TryGetProperty("msg", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.String;
        }
    }

    public async Task<Run> RunAsync(string command, string stdin, bool attachment)
    {
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment.Clear();
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            info.Environment[(string)e.Key] = (string?)e.Value;
        }
        info.Environment["CNI_COMMAND"] = command;
        info.Environment["CNI_CONTAINERID"] = attachment ? _containerId : "";
        // A path that is no namespace: DEL must cope with a vanished netns; nothing may be created in it.
        info.Environment["CNI_NETNS"] = attachment ? "/nonexistent/cnitool-conform-netns" : "";
        info.Environment["CNI_IFNAME"] = attachment ? "eth0" : "";
        info.Environment["CNI_ARGS"] = "";
        info.Environment["CNI_PATH"] = string.Join(Path.PathSeparator, pluginDirs.DefaultIfEmpty(Path.GetDirectoryName(path)!));
        using var process = Process.Start(info)!;
        var stdout = ReadAsync(process.StandardOutput.BaseStream);
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The plugin did not read stdin (VERSION in Go's skeleton); the status says the rest.
        }
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return new Run(-1, await stdout.ConfigureAwait(false), $"killed after {timeout.TotalSeconds}s");
        }
        return new Run(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    private static async Task<byte[]> ReadAsync(Stream s)
    {
        using var ms = new MemoryStream();
        await s.CopyToAsync(ms).ConfigureAwait(false);
        return ms.ToArray();
    }
}
