using System.Text.Json;

namespace Cni.Tool.Internal;

/// <summary>
/// <c>cnitool oci-hook [add|del] &lt;net&gt;</c>: an OCI runtime hook. It reads the container state from stdin; the
/// container ID is the state's <c>id</c>, the namespace <c>/proc/&lt;pid&gt;/ns/net</c>. Without <c>add</c> or
/// <c>del</c> the state's <c>status</c> decides: <c>creating</c>/<c>created</c> (createRuntime, prestart) attach,
/// <c>stopped</c> (poststop) detaches.
/// </summary>
internal static class OciHookCommand
{
    /// <summary>Annotations that tune the attachment per container.</summary>
    public const string IfNameAnnotation = "cni.ifname";
    public const string ArgsAnnotation = "cni.args";
    public const string CapabilityArgsAnnotation = "cni.capability-args";

    public static async Task<int> RunAsync(Options o, ToolContext ctx)
    {
        var (verb, network) = o.Positional switch
        {
            [var v and ("add" or "del"), var n] => (v, n),
            [var n] => (null, n),
            _ => throw new UsageException("\"oci-hook\" requires [add|del] <net>, and the OCI state on stdin"),
        };
        var state = State.Parse(await ctx.In.ReadToEndAsync().ConfigureAwait(false));
        verb ??= state.Status switch
        {
            "creating" or "created" => "add",
            "stopped" => "del",
            _ => throw new CniException(CniErrorCode.InvalidEnvironmentVariables,
                $"oci-hook: container {state.Id} has status \"{state.Status}\"; say add or del"),
        };
        var list = ConfigFiles.LoadNetworkConfig(ctx.ConfDir, network);
        // After the container's process has gone its PID may name another process: DEL then gets no namespace,
        // which the spec allows and plugins handle (the kernel already removed the interfaces with the namespace).
        bool alive = state.Pid > 0 && state.Status != "stopped";
        if (verb == "add" && !alive)
        {
            throw new CniException(CniErrorCode.InvalidEnvironmentVariables, $"oci-hook: container {state.Id} has no process to attach (pid {state.Pid})");
        }
        var rt = new RuntimeConf
        {
            ContainerId = state.Id,
            NetNS = alive ? $"/proc/{state.Pid}/ns/net" : "",
            IfName = o.IfName ?? state.Annotation(IfNameAnnotation) ?? (ctx.GetEnv("CNI_IFNAME") is { Length: > 0 } i ? i : "eth0"),
            Args = AttachCommands.ParseCniArgs(state.Annotation(ArgsAnnotation) ?? ctx.GetEnv("CNI_ARGS")),
            CapabilityArgs = AttachCommands.ParseCapabilityArgs(state.Annotation(CapabilityArgsAnnotation) ?? ctx.GetEnv("CAP_ARGS")),
        };
        var timing = new TimingExecutor(ctx.Executor ?? new PluginExecutor(ctx.Err, runOnCallingThread: true));
        var cni = new CniConfig(ctx.PluginDirs, o.CacheDir, timing) { PluginTimeout = o.Timeout };
        try
        {
            if (verb == "add")
            {
                var result = await cni.AddNetworkListAsync(list, rt).ConfigureAwait(false);
                // A runtime shows a hook's stdout nowhere; the result goes out only when asked for.
                if (o.Json && result is not null)
                {
                    ctx.Out.WriteLine(CniResults.ToJson(result));
                }
            }
            else
            {
                await cni.DelNetworkListAsync(list, rt).ConfigureAwait(false);
            }
        }
        finally
        {
            if (o.Timings)
            {
                AttachCommands.PrintTimings(timing, o.Json, ctx.Err);
            }
        }
        return CniTool.Success;
    }

    /// <summary>The parts of the OCI runtime state a hook needs.</summary>
    private sealed record State(string Id, string Status, int Pid, Dictionary<string, string> Annotations)
    {
        public string? Annotation(string key) => Annotations.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

        public static State Parse(string json)
        {
            try
            {
                using var doc = JsonDocument.Parse(json);
                var root = doc.RootElement;
                var id = root.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : "";
                if (id.Length == 0)
                {
                    throw new CniException(CniErrorCode.InvalidEnvironmentVariables, "oci-hook: the state on stdin has no container \"id\"");
                }
                var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
                if (root.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in a.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
                    {
                        annotations[p.Name] = p.Value.GetString()!;
                    }
                }
                return new State(
                    id,
                    root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "",
                    root.TryGetProperty("pid", out var pid) && pid.ValueKind == JsonValueKind.Number && pid.TryGetInt32(out var n) ? n : 0,
                    annotations);
            }
            catch (JsonException e)
            {
                throw new CniException(CniErrorCode.DecodingFailure, $"oci-hook: the state on stdin is not JSON: {e.Message}");
            }
        }
    }
}
