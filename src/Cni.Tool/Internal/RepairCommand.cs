using System.Buffers;
using System.Text.Json;
using Cni.Linux;

namespace Cni.Tool.Internal;

/// <summary>
/// <c>cnitool repair [net]</c>: after an operator flushed or reloaded the firewall, re-applies the netfilter rules of every
/// live attachment. For each cached attachment of the network(s) in <c>NETCONFPATH</c> whose netns still exists it runs
/// CHECK with <c>"repair": true</c> added to every plugin's config (portmap, firewall and bridge/ptp <c>ipMasq</c> then
/// re-apply what is missing instead of failing) and reports the lines the plugins wrote about what they repaired.
/// </summary>
internal static class RepairCommand
{
    private sealed record Outcome(NetworkAttachment Attachment, string Status, IReadOnlyList<string> Repaired, string? Error);

    public static async Task<int> RunAsync(Options o, ToolContext ctx)
    {
        if (o.Positional.Count > 1)
        {
            throw new UsageException("\"repair\" takes at most one network name");
        }
        var lists = o.Positional.Count == 1
            ? [ConfigFiles.LoadNetworkConfig(ctx.ConfDir, o.Positional[0])]
            : ConfigFiles.LoadAll(ctx.ConfDir, (file, e) => ctx.Err.WriteLine($"cnitool: skipping {file}: {e.Msg}"));
        var outcomes = new List<Outcome>();
        var attachments = new ResultCache(o.CacheDir ?? ResultCache.DefaultDirectory).GetAttachments();
        foreach (var list in lists)
        {
            var repairing = WithRepair(list);
            foreach (var a in attachments.Where(a => a.Network == list.Name && (o.IfName is null || a.IfName == o.IfName)))
            {
                outcomes.Add(await RepairOneAsync(repairing, a, o, ctx).ConfigureAwait(false));
            }
        }
        Report(outcomes, o.Json, ctx);
        return outcomes.Any(r => r.Status == "failed") ? CniTool.Failure : CniTool.Success;
    }

    private static async Task<Outcome> RepairOneAsync(NetworkConfigList list, NetworkAttachment a, Options o, ToolContext ctx)
    {
        if (!NetnsExists(a.NetNS))
        {
            return new(a, "skipped", [], a.NetNS.Length == 0 ? "no netns recorded" : $"netns {a.NetNS} no longer exists");
        }
        if (list.DisableCheck)
        {
            return new(a, "skipped", [], "the network has disableCheck");
        }
        // The plugins' stderr is captured: a repairing plugin writes "<plugin>: repaired <what>" there.
        using var stderr = new StringWriter();
        var cni = new CniConfig(ctx.PluginDirs, o.CacheDir, ctx.Executor ?? new PluginExecutor(stderr)) { PluginTimeout = o.Timeout };
        try
        {
            await cni.CheckNetworkListAsync(list, a.ToRuntimeConf()).ConfigureAwait(false);
        }
        catch (CniException e)
        {
            return new(a, "failed", Lines(stderr), e.Message);
        }
        var repaired = Lines(stderr);
        return new(a, repaired.Count > 0 ? "repaired" : "ok", repaired, null);
    }

    private static List<string> Lines(StringWriter w) =>
        [.. w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.Contains(": repaired ", StringComparison.Ordinal))];

    private static bool NetnsExists(string path)
    {
        if (path.Length == 0)
        {
            return false;
        }
        try
        {
            using var ns = NetNs.Open(path);
            return true;
        }
        catch (Exception e) when (e is NetNsNotFoundException or NotNetNsException)
        {
            return false;
        }
    }

    /// <summary>The list with <c>"repair": true</c> set in every plugin's config (replacing any <c>repair</c> key there).</summary>
    internal static NetworkConfigList WithRepair(NetworkConfigList list) => new()
    {
        Name = list.Name,
        CniVersion = list.CniVersion,
        DisableCheck = list.DisableCheck,
        DisableGC = list.DisableGC,
        LoadOnlyInlinedPlugins = list.LoadOnlyInlinedPlugins,
        Bytes = list.Bytes,
        Plugins = [.. list.Plugins.Select(p => PluginConfig.Parse(Inject(p.Bytes)))],
    };

    private static ReadOnlyMemory<byte> Inject(ReadOnlyMemory<byte> plugin)
    {
        using var doc = JsonDocument.Parse(plugin);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (!string.Equals(p.Name, "repair", StringComparison.OrdinalIgnoreCase))
                {
                    p.WriteTo(w);
                }
            }
            w.WriteBoolean("repair", true);
            w.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }

    private static void Report(List<Outcome> outcomes, bool json, ToolContext ctx)
    {
        if (json)
        {
            ctx.Out.WriteLine(JsonText.Write(w =>
            {
                w.WriteStartArray();
                foreach (var r in outcomes)
                {
                    w.WriteStartObject();
                    w.WriteString("network", r.Attachment.Network);
                    w.WriteString("containerId", r.Attachment.ContainerId);
                    w.WriteString("ifName", r.Attachment.IfName);
                    w.WriteString("netns", r.Attachment.NetNS);
                    w.WriteString("status", r.Status);
                    w.WriteStartArray("repaired");
                    foreach (var line in r.Repaired)
                    {
                        w.WriteStringValue(line);
                    }
                    w.WriteEndArray();
                    if (r.Error is not null)
                    {
                        w.WriteString(r.Status == "failed" ? "error" : "reason", r.Error);
                    }
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }));
            return;
        }
        foreach (var r in outcomes)
        {
            var a = r.Attachment;
            var head = $"{r.Status,-8} {a.Network} {a.ContainerId} {a.IfName}";
            ctx.Out.WriteLine(r.Error is null ? head : $"{head}: {r.Error}");
            foreach (var line in r.Repaired)
            {
                ctx.Out.WriteLine("    " + line);
            }
        }
        var counts = string.Join(", ", new[] { "ok", "repaired", "failed", "skipped" }.Select(s => $"{outcomes.Count(r => r.Status == s)} {s}"));
        ctx.Out.WriteLine($"{outcomes.Count} attachments: {counts}");
    }
}
