using System.Text.Json;
using Cni.Plugin;

namespace Cni.Plugins.Test.Noop;

/// <summary>The noop plugin's debug file: what to report, and a record of the last call (upstream's <c>debug.Debug</c>).</summary>
internal sealed record NoopDebug
{
    public static readonly IReadOnlyList<string> DefaultVersions = ["0.-42.0", .. SpecVersions.All];

    public string ReportResult { get; init; } = "";
    public string ReportError { get; init; } = "";
    public uint ReportErrorCode { get; init; }
    public string ReportStderr { get; init; } = "";
    public IReadOnlyList<string>? ReportVersionSupport { get; init; }
    public int ExitWithCode { get; init; }

    /// <summary>The debug file path: <c>DEBUG=</c> in CNI_ARGS, else the config's <c>debugFile</c>.</summary>
    public static string? Locate(string? cniArgs, NetworkConfig? config)
    {
        foreach (var pair in (cniArgs ?? "").Split(';'))
        {
            if (pair.StartsWith("DEBUG=", StringComparison.Ordinal))
            {
                return pair["DEBUG=".Length..];
            }
        }
        return config is not null && config.Root.TryGetProperty("debugFile", out var f) && f.ValueKind == JsonValueKind.String
            ? f.GetString()
            : null;
    }

    public static NoopDebug Read(string path)
    {
        if (!File.Exists(path))
        {
            return new NoopDebug();
        }
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var r = doc.RootElement;
        string Str(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        return new NoopDebug
        {
            ReportResult = Str(nameof(ReportResult)),
            ReportError = Str(nameof(ReportError)),
            ReportStderr = Str(nameof(ReportStderr)),
            ReportErrorCode = r.TryGetProperty(nameof(ReportErrorCode), out var c) && c.TryGetUInt32(out var code) ? code : 0,
            ExitWithCode = r.TryGetProperty(nameof(ExitWithCode), out var x) && x.TryGetInt32(out var exit) ? exit : 0,
            ReportVersionSupport = r.TryGetProperty(nameof(ReportVersionSupport), out var vs) && vs.ValueKind == JsonValueKind.Array
                ? vs.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
                : null,
        };
    }

    /// <summary>Writes the knobs back with the call's command and arguments.</summary>
    public static void Record(string path, NoopDebug debug, PluginRequest request)
    {
        using var stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartObject();
        w.WriteString(nameof(ReportResult), debug.ReportResult);
        w.WriteString(nameof(ReportError), debug.ReportError);
        w.WriteNumber(nameof(ReportErrorCode), debug.ReportErrorCode);
        w.WriteString(nameof(ReportStderr), debug.ReportStderr);
        w.WriteStartArray(nameof(ReportVersionSupport));
        foreach (var v in debug.ReportVersionSupport ?? [])
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();
        w.WriteNumber(nameof(ExitWithCode), debug.ExitWithCode);
        w.WriteString("Command", request.Command.WireName());
        w.WriteStartObject("CmdArgs");
        w.WriteString("ContainerID", request.ContainerId);
        w.WriteString("Netns", request.Netns);
        w.WriteString("IfName", request.IfName);
        w.WriteString("Args", request.Args);
        w.WriteString("Path", request.Path);
        w.WriteBase64String("StdinData", request.StdinData.Span);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
