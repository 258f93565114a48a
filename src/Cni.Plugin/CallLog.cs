using System.Buffers;
using System.Diagnostics;
using System.Text.Json;

namespace Cni.Plugin;

/// <summary>
/// Opt-in structured logging: one JSON line per plugin call, appended to the file named by <c>CNI_LOG_FILE</c> or,
/// failing that, by the config's top-level <c>"logFile"</c>. When neither is set nothing is touched: no file is
/// opened, no clock is read beyond the call's start timestamp. A logging failure never changes the call's outcome.
/// </summary>
public static class CallLog
{
    /// <summary>The environment variable naming the log file; it wins over the config key.</summary>
    public const string EnvironmentVariable = "CNI_LOG_FILE";

    /// <summary>The top-level network-config key naming the log file.</summary>
    public const string ConfigKey = "logFile";

    private const UnixFileMode FileMode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Appends one line to a file, creating it with the given mode. The default seeks to the end at open, which
    /// can lose lines when processes write at once; a host that can open with <c>O_APPEND</c> sets its own.
    /// </summary>
    public static Action<string, byte[], UnixFileMode> Append { get; set; } = AppendAtEnd;

    /// <summary>
    /// Writes the line for one call if logging is on. <paramref name="request"/> is null when the request was never
    /// read (VERSION, or a failure before the config parsed); <paramref name="failure"/> is null on success.
    /// </summary>
    internal static void Record(Plugin plugin, PluginIO io, PluginRequest? request, CniException? failure, long started)
    {
        try
        {
            var path = PathFor(io, request);
            if (path is null)
            {
                return;
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            Append(path, Line(plugin.Name, io, request, failure, DateTime.UtcNow - elapsed, elapsed), FileMode0600);
        }
#pragma warning disable CA1031 // Logging is best effort: whatever goes wrong here must not change the call's result.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    private static string? PathFor(PluginIO io, PluginRequest? request)
    {
        var fromEnv = io.Get(EnvironmentVariable);
        if (fromEnv.Length > 0)
        {
            return fromEnv;
        }
        if (request?.Config.Root is { ValueKind: JsonValueKind.Object } root
            && root.TryGetProperty(ConfigKey, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } fromConfig)
        {
            return fromConfig;
        }
        return null;
    }

    /// <summary>The JSON line (with its newline) for one call.</summary>
    internal static byte[] Line(string plugin, PluginIO io, PluginRequest? request, CniException? failure, DateTime time, TimeSpan duration)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        // Relaxed escaping keeps messages readable (quotes still escaped); the line stays valid JSON.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("time", time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("verb", io.Get("CNI_COMMAND"));
            w.WriteString("plugin", plugin);
            w.WriteString("network", request?.Config.Name ?? "");
            w.WriteString("containerId", io.Get("CNI_CONTAINERID"));
            w.WriteString("netns", io.Get("CNI_NETNS"));
            w.WriteString("ifName", io.Get("CNI_IFNAME"));
            w.WriteString("cniVersion", request?.Config.CniVersion ?? "");
            w.WriteNumber("durationMs", Math.Round(duration.TotalMilliseconds, 3));
            w.WriteString("outcome", failure is null ? "ok" : "error");
            if (failure is not null)
            {
                w.WriteNumber("code", failure.Code);
                w.WriteString("message", failure.Msg);
            }
            w.WriteEndObject();
        }
        var line = new byte[buffer.WrittenCount + 1];
        buffer.WrittenSpan.CopyTo(line);
        line[^1] = (byte)'\n';
        return line;
    }

    private static void AppendAtEnd(string path, byte[] line, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }
        using var stream = new FileStream(path, options);
        stream.Write(line);
    }
}
