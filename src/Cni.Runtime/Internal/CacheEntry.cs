using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Cni.Internal;

namespace Cni.Runtime.Internal;

/// <summary>
/// The JSON of a cache entry, Go's <c>cachedInfo</c>: compact, fields in struct order, <c>config</c> as base64 (Go's
/// encoding of <c>[]byte</c>), maps with sorted keys, empty optional fields omitted.
/// </summary>
internal static class CacheEntry
{
    public static byte[] Serialize(NetworkAttachment a, ICniResult? result) => JsonOutput.WriteBytes(w =>
    {
        w.WriteStartObject();
        w.WriteString("kind", ResultCache.Kind);
        w.WriteString("containerId", a.ContainerId);
        w.WriteString("config", Convert.ToBase64String(a.Config.Span));
        w.WriteString("ifName", a.IfName);
        w.WriteString("networkName", a.Network);
        if (a.NetNS.Length > 0)
        {
            w.WriteString("netns", a.NetNS);
        }
        if (a.CniArgs is { Count: > 0 } args)
        {
            w.WriteStartArray("cniArgs");
            foreach (var (k, v) in args)
            {
                w.WriteStartArray();
                w.WriteStringValue(k);
                w.WriteStringValue(v);
                w.WriteEndArray();
            }
            w.WriteEndArray();
        }
        if (a.CapabilityArgs is { Count: > 0 } caps)
        {
            w.WriteStartObject("capabilityArgs");
            foreach (var key in caps.Keys.Order(StringComparer.Ordinal))
            {
                w.WritePropertyName(key);
                SortedJson.WriteValue(w, caps[key]);
            }
            w.WriteEndObject();
        }
        if (result is not null)
        {
            // Go round-trips the result through a map, so its keys come out sorted.
            using var doc = JsonDocument.Parse(CniResults.ToUtf8(result));
            if (doc.RootElement.EnumerateObject().Any())
            {
                w.WritePropertyName("result");
                SortedJson.WriteValue(w, doc.RootElement);
            }
        }
        w.WriteEndObject();
    }, indented: false);

    public static bool TryParse(byte[] bytes, [NotNullWhen(true)] out Parsed? entry) => TryParse(bytes, out entry, out _);

    /// <summary>Reads an entry as Go unmarshals <c>cachedInfo</c>: member names case-insensitive, wrong types fail.</summary>
    public static bool TryParse(byte[] bytes, [NotNullWhen(true)] out Parsed? entry, [NotNullWhen(false)] out string? error)
    {
        entry = null;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = $"json: cannot unmarshal {JsonFields.GoKind(root.ValueKind)} into Go value of type libcni.cachedInfo";
                return false;
            }
            var o = new JsonFields(root);
            var config = o.GetString("config");
            byte[] configBytes;
            try
            {
                configBytes = config is null ? [] : Convert.FromBase64String(config);
            }
            catch (FormatException e)
            {
                throw new JsonException("illegal base64 data: " + e.Message);
            }
            entry = new Parsed(o.GetString("kind") ?? "", new NetworkAttachment
            {
                ContainerId = o.GetString("containerId") ?? "",
                Network = o.GetString("networkName") ?? "",
                IfName = o.GetString("ifName") ?? "",
                Config = configBytes,
                NetNS = o.GetString("netns") ?? "",
                CniArgs = ReadArgs(o),
                CapabilityArgs = ReadMap(o.GetObject("capabilityArgs")),
                Result = o.GetObject("result")?.Clone(),
            });
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            error = e.Message;
            return false;
        }
    }

    private static List<KeyValuePair<string, string>>? ReadArgs(JsonFields o)
    {
        if (o.GetArray("cniArgs") is not { } list)
        {
            return null;
        }
        var args = new List<KeyValuePair<string, string>>();
        foreach (var pair in list.EnumerateArray())
        {
            if (pair.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException($"json: cannot unmarshal {JsonFields.GoKind(pair.ValueKind)} into Go struct field cachedInfo.cniArgs of type [2]string");
            }
            // A Go [2]string: missing elements stay "", extra ones are dropped.
            var parts = pair.EnumerateArray().Take(2).Select(p => p.ValueKind == JsonValueKind.String ? p.GetString()! :
                throw new JsonException($"json: cannot unmarshal {JsonFields.GoKind(p.ValueKind)} into Go struct field cachedInfo.cniArgs of type string")).ToArray();
            args.Add(new(parts.ElementAtOrDefault(0) ?? "", parts.ElementAtOrDefault(1) ?? ""));
        }
        return args;
    }

    private static Dictionary<string, JsonElement>? ReadMap(JsonElement? obj)
    {
        if (obj is not { } o)
        {
            return null;
        }
        var map = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var p in o.EnumerateObject())
        {
            map[p.Name] = p.Value.Clone();
        }
        return map;
    }

    /// <summary>An entry: its <c>kind</c> and what it records.</summary>
    public sealed record Parsed(string Kind, NetworkAttachment Attachment);
}
