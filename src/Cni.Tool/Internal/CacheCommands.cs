using System.Text;
using System.Text.Json;

namespace Cni.Tool.Internal;

/// <summary><c>ls</c> and <c>inspect</c>: the attachments the result cache knows.</summary>
internal static class CacheCommands
{
    public static int List(Options o, ToolContext ctx)
    {
        var cache = new ResultCache(o.CacheDir ?? ResultCache.DefaultDirectory);
        var all = cache.GetAttachments();
        if (o.Json)
        {
            ctx.Out.WriteLine(JsonText.Write(w =>
            {
                w.WriteStartArray();
                foreach (var a in all)
                {
                    WriteSummary(w, a);
                }
                w.WriteEndArray();
            }));
            return CniTool.Success;
        }
        ctx.Out.WriteLine($"{"NETWORK",-20} {"CONTAINER",-30} {"IFNAME",-10} {"IPS",-32} NETNS");
        foreach (var a in all)
        {
            ctx.Out.WriteLine($"{a.Network,-20} {a.ContainerId,-30} {a.IfName,-10} {string.Join(',', Ips(a)),-32} {a.NetNS}");
        }
        return CniTool.Success;
    }

    public static int Inspect(Options o, ToolContext ctx)
    {
        if (o.Positional.Count < 2)
        {
            throw new UsageException("\"inspect\" requires <net> <netns|container-id>");
        }
        var cache = new ResultCache(o.CacheDir ?? ResultCache.DefaultDirectory);
        var network = o.Positional[0];
        var who = o.Positional[1];
        // A path names a netns, as for add/del; anything else is taken as the container ID itself.
        var containerId = who.Contains('/') || File.Exists(who) ? AttachCommands.ContainerIdFor(Path.GetFullPath(who)) : who;
        var matches = cache.GetAttachments(containerId)
            .Where(a => a.Network == network && (o.IfName is null || a.IfName == o.IfName))
            .ToList();
        if (matches.Count == 0)
        {
            ctx.Err.WriteLine($"no cached attachment of network \"{network}\" for container {containerId}");
            return CniTool.Failure;
        }
        ctx.Out.WriteLine(JsonText.Write(w =>
        {
            w.WriteStartArray();
            foreach (var a in matches)
            {
                WriteDetail(w, a);
            }
            w.WriteEndArray();
        }));
        return CniTool.Success;
    }

    private static IEnumerable<string> Ips(NetworkAttachment a)
    {
        if (a.Result is not { } r)
        {
            yield break;
        }
        if (r.TryGetProperty("ips", out var ips) && ips.ValueKind == JsonValueKind.Array)
        {
            foreach (var ip in ips.EnumerateArray())
            {
                if (ip.TryGetProperty("address", out var addr) && addr.ValueKind == JsonValueKind.String)
                {
                    yield return addr.GetString()!;
                }
            }
        }
        foreach (var legacy in new[] { "ip4", "ip6" })
        {
            if (r.TryGetProperty(legacy, out var ipc) && ipc.ValueKind == JsonValueKind.Object && ipc.TryGetProperty("ip", out var ip))
            {
                yield return ip.GetString() ?? "";
            }
        }
    }

    private static void WriteSummary(Utf8JsonWriter w, NetworkAttachment a)
    {
        w.WriteStartObject();
        w.WriteString("network", a.Network);
        w.WriteString("containerId", a.ContainerId);
        w.WriteString("ifName", a.IfName);
        w.WriteString("netns", a.NetNS);
        w.WriteStartArray("ips");
        foreach (var ip in Ips(a))
        {
            w.WriteStringValue(ip);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteDetail(Utf8JsonWriter w, NetworkAttachment a)
    {
        w.WriteStartObject();
        w.WriteString("network", a.Network);
        w.WriteString("containerId", a.ContainerId);
        w.WriteString("ifName", a.IfName);
        w.WriteString("netns", a.NetNS);
        w.WriteStartArray("cniArgs");
        foreach (var (k, v) in a.CniArgs ?? [])
        {
            w.WriteStringValue(k + "=" + v);
        }
        w.WriteEndArray();
        w.WriteStartObject("capabilityArgs");
        foreach (var (k, v) in a.CapabilityArgs ?? new Dictionary<string, JsonElement>())
        {
            w.WritePropertyName(k);
            v.WriteTo(w);
        }
        w.WriteEndObject();
        w.WritePropertyName("config");
        try
        {
            using var doc = JsonDocument.Parse(a.Config);
            doc.RootElement.WriteTo(w);
        }
        catch (JsonException)
        {
            w.WriteStringValue(Encoding.UTF8.GetString(a.Config.Span));
        }
        w.WritePropertyName("result");
        if (a.Result is { } r)
        {
            r.WriteTo(w);
        }
        else
        {
            w.WriteNullValue();
        }
        w.WriteEndObject();
    }
}
