using System.Globalization;
using System.Text;
using System.Text.Json;
using Cni.Internal;

namespace Cni.Tool.Internal;

/// <summary>Go cnitool's five commands: <c>add | check | del | gc | status &lt;net&gt; &lt;netns&gt;</c>.</summary>
internal static class AttachCommands
{
    public static readonly string[] Verbs = ["add", "check", "del", "gc", "status"];

    public static async Task<int> RunAsync(string command, Options o, ToolContext ctx)
    {
        if (o.Positional.Count < 2)
        {
            throw new UsageException($"\"{command}\" requires <net> <netns>");
        }
        var list = ConfigFiles.LoadNetworkConfig(ctx.ConfDir, o.Positional[0]);
        var capabilityArgs = ParseCapabilityArgs(ctx.GetEnv("CAP_ARGS"));
        var cniArgs = ParseCniArgs(ctx.GetEnv("CNI_ARGS"));
        var ifName = o.IfName ?? (ctx.GetEnv("CNI_IFNAME") is { Length: > 0 } i ? i : "eth0");
        var netns = Path.GetFullPath(o.Positional[1]);
        var rt = new RuntimeConf
        {
            ContainerId = ContainerIdFor(netns),
            NetNS = netns,
            IfName = ifName,
            Args = cniArgs,
            CapabilityArgs = capabilityArgs,
        };
        var timing = new TimingExecutor(ctx.Executor ?? new PluginExecutor(ctx.Err, runOnCallingThread: true));
        var cni = new CniConfig(ctx.PluginDirs, o.CacheDir, timing) { PluginTimeout = o.Timeout };
        try
        {
            switch (command)
            {
                case "add":
                    var result = await cni.AddNetworkListAsync(list, rt).ConfigureAwait(false);
                    if (result is not null)
                    {
                        // Go prints the result 4-space indented without a trailing newline.
                        ctx.Out.Write(CniResults.ToJson(result));
                    }
                    break;
                case "check":
                    await cni.CheckNetworkListAsync(list, rt).ConfigureAwait(false);
                    break;
                case "del":
                    await cni.DelNetworkListAsync(list, rt).ConfigureAwait(false);
                    break;
                case "gc" when o.DryRun:
                    GcDryRun(cni, list, o.Json, ctx);
                    break;
                case "gc":
                    // Like Go's cnitool: no valid-attachment list, so every cached attachment of the network is stale.
                    await cni.GCNetworkListAsync(list, null).ConfigureAwait(false);
                    break;
                default:
                    await cni.GetStatusNetworkListAsync(list).ConfigureAwait(false);
                    break;
            }
        }
        finally
        {
            if (o.Timings)
            {
                PrintTimings(timing, o.Json, ctx.Err);
            }
        }
        return CniTool.Success;
    }

    /// <summary>Go's derivation: <c>cnitool-</c> and the first 10 bytes of SHA-512 of the absolute netns path, in hex.</summary>
    public static string ContainerIdFor(string absoluteNetns) =>
        "cnitool-" + Convert.ToHexStringLower(Sha512.HashData(Encoding.UTF8.GetBytes(absoluteNetns)).AsSpan(0, 10));

    /// <summary>cnitool's own <c>CNI_ARGS</c> parser: every pair needs a non-empty key and value.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>>? ParseCniArgs(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        var result = new List<KeyValuePair<string, string>>();
        foreach (var pair in value.Split(';'))
        {
            var kv = pair.Split('=');
            if (kv.Length != 2 || kv[0].Length == 0 || kv[1].Length == 0)
            {
                throw new CniException(CniErrorCode.InvalidEnvironmentVariables, $"invalid CNI_ARGS pair \"{pair}\"");
            }
            result.Add(new(kv[0], kv[1]));
        }
        return result;
    }

    public static IReadOnlyDictionary<string, JsonElement>? ParseCapabilityArgs(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        using var doc = JsonDocument.Parse(value);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"CAP_ARGS must be a JSON object, not {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}");
        }
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    private static void GcDryRun(CniConfig cni, NetworkConfigList list, bool json, ToolContext ctx)
    {
        var stale = list.DisableGC ? [] : cni.GetCachedAttachments().Where(a => a.Network == list.Name).ToList();
        var gcPlugins = !list.DisableGC && SpecVersion.TryParse(list.CniVersion, out var v) && v >= new SpecVersion(1, 1, 0)
            ? list.Plugins.Select(p => p.Network.Type).ToList()
            : [];
        if (json)
        {
            ctx.Out.WriteLine(JsonText.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("network", list.Name);
                w.WriteBoolean("disableGC", list.DisableGC);
                w.WriteStartArray("delete");
                foreach (var a in stale)
                {
                    w.WriteStartObject();
                    w.WriteString("containerId", a.ContainerId);
                    w.WriteString("ifName", a.IfName);
                    w.WriteString("netns", a.NetNS);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("gc");
                gcPlugins.ForEach(w.WriteStringValue);
                w.WriteEndArray();
                w.WriteEndObject();
            }));
            return;
        }
        if (list.DisableGC)
        {
            ctx.Out.WriteLine($"network {list.Name} has disableGC: nothing would be done");
            return;
        }
        foreach (var a in stale)
        {
            ctx.Out.WriteLine($"would DEL {a.ContainerId} {a.IfName} (netns {(a.NetNS.Length > 0 ? a.NetNS : "-")})");
        }
        ctx.Out.WriteLine(gcPlugins.Count > 0
            ? $"would send GC to: {string.Join(", ", gcPlugins)}"
            : $"no GC sent: configuration version \"{list.CniVersion}\" is below 1.1.0");
    }

    public static void PrintTimings(TimingExecutor timing, bool json, TextWriter err)
    {
        if (json)
        {
            err.WriteLine(JsonText.Write(w =>
            {
                w.WriteStartArray();
                foreach (var e in timing.Entries)
                {
                    w.WriteStartObject();
                    w.WriteString("command", e.Command);
                    w.WriteString("plugin", e.Plugin);
                    w.WriteNumber("milliseconds", Math.Round(e.Elapsed.TotalMilliseconds, 3));
                    w.WriteBoolean("succeeded", e.Succeeded);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }));
            return;
        }
        foreach (var e in timing.Entries)
        {
            err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{e.Command,-7} {e.Plugin,-20} {e.Elapsed.TotalMilliseconds,10:0.000} ms{(e.Succeeded ? "" : "  (failed)")}"));
        }
        var total = timing.Entries.Aggregate(TimeSpan.Zero, (sum, e) => sum + e.Elapsed);
        err.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"total",-28} {total.TotalMilliseconds,10:0.000} ms"));
    }
}
