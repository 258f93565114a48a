using System.Text.Json;
using Cni.Internal;

namespace Cni.Runtime.Internal;

/// <summary>
/// Builds each plugin's stdin the way libcni does (<c>buildOneConfig</c>, <c>injectRuntimeConfig</c>, <c>InjectConf</c>):
/// the plugin's bytes read as a generic map, keys set, written back compact with keys sorted.
/// </summary>
internal static class Requests
{
    /// <summary>ADD, CHECK, DEL: <c>name</c>, <c>cniVersion</c>, <c>prevResult</c> when there is one, then <c>runtimeConfig</c>.</summary>
    public static byte[] ForAttachment(PluginConfig plugin, string name, string cniVersion, ICniResult? prevResult, RuntimeConf rt)
    {
        var values = new Dictionary<string, Action<Utf8JsonWriter>>(StringComparer.Ordinal)
        {
            ["name"] = w => w.WriteStringValue(name),
            ["cniVersion"] = w => w.WriteStringValue(cniVersion),
        };
        if (prevResult is not null)
        {
            values["prevResult"] = prevResult.WriteTo;
        }
        var bytes = Inject(plugin.Bytes, values);
        var runtimeConfig = RuntimeConfig(plugin.Network, rt);
        // Go injects runtimeConfig in a second pass, so the whole document (prevResult too) is re-sorted.
        return runtimeConfig.Count == 0 ? bytes : Inject(bytes, new Dictionary<string, Action<Utf8JsonWriter>>
        {
            ["runtimeConfig"] = w =>
            {
                w.WriteStartObject();
                foreach (var (key, value) in runtimeConfig.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(key);
                    SortedJson.WriteValue(w, value);
                }
                w.WriteEndObject();
            },
        });
    }

    /// <summary>GC: <c>name</c>, <c>cniVersion</c> and, when GC args were given, the valid attachments under both keys.</summary>
    public static byte[] ForGC(PluginConfig plugin, string name, string cniVersion, GCArgs? args)
    {
        var values = new Dictionary<string, Action<Utf8JsonWriter>>(StringComparer.Ordinal)
        {
            ["name"] = w => w.WriteStringValue(name),
            ["cniVersion"] = w => w.WriteStringValue(cniVersion),
        };
        if (args is not null)
        {
            // Both names: the spec-v1.1.0 tag spelled it cni.dev/attachments (containernetworking/cni#1101).
            values["cni.dev/valid-attachments"] = w => WriteAttachments(w, args.ValidAttachments);
            values["cni.dev/attachments"] = w => WriteAttachments(w, args.ValidAttachments);
        }
        return Inject(plugin.Bytes, values);
    }

    /// <summary>STATUS: <c>name</c> and <c>cniVersion</c>.</summary>
    public static byte[] ForStatus(PluginConfig plugin, string name, string cniVersion) =>
        Inject(plugin.Bytes, new Dictionary<string, Action<Utf8JsonWriter>>(StringComparer.Ordinal)
        {
            ["name"] = w => w.WriteStringValue(name),
            ["cniVersion"] = w => w.WriteStringValue(cniVersion),
        });

    /// <summary>The capability arguments the plugin declared (<c>true</c>) and the runtime supplied.</summary>
    public static Dictionary<string, JsonElement> RuntimeConfig(NetworkConfig plugin, RuntimeConf rt)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (rt.CapabilityArgs is null)
        {
            return result;
        }
        foreach (var (capability, enabled) in plugin.Capabilities)
        {
            if (enabled && rt.CapabilityArgs.TryGetValue(capability, out var value))
            {
                result[capability] = value;
            }
        }
        return result;
    }

    /// <summary>Go's <c>InjectConf</c>: the object's members, overridden by <paramref name="values"/>, keys sorted.</summary>
    /// <exception cref="CniException">The bytes are not a JSON object; an empty key.</exception>
    public static byte[] Inject(ReadOnlyMemory<byte> bytes, IReadOnlyDictionary<string, Action<Utf8JsonWriter>> values)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new CniException(CniErrorCode.DecodingFailure, "unmarshal existing network bytes: " + e.Message);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CniException(CniErrorCode.DecodingFailure,
                    $"unmarshal existing network bytes: json: cannot unmarshal {JsonFields.GoKind(doc.RootElement.ValueKind)} into Go value of type map[string]interface {{}}");
            }
            // One entry per key: the document's value, or the writer of an injected one (no closure per member).
            var members = new Dictionary<string, (JsonElement Value, Action<Utf8JsonWriter>? Write)>(doc.RootElement.GetPropertyCount() + values.Count, StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                members[p.Name] = (p.Value, null);
            }
            foreach (var (key, write) in values)
            {
                if (key.Length == 0)
                {
                    throw new CniException(CniErrorCode.InvalidNetworkConfig, "keys cannot be empty");
                }
                members[key] = (default, write);
            }
            var keys = new string[members.Count];
            members.Keys.CopyTo(keys, 0);
            Array.Sort(keys, StringComparer.Ordinal);
            return JsonOutput.WriteBytes(w =>
            {
                w.WriteStartObject();
                foreach (var key in keys)
                {
                    w.WritePropertyName(key);
                    var (value, write) = members[key];
                    if (write is null)
                    {
                        SortedJson.WriteValue(w, value);
                    }
                    else
                    {
                        write(w);
                    }
                }
                w.WriteEndObject();
            }, indented: false);
        }
    }

    private static void WriteAttachments(Utf8JsonWriter w, IReadOnlyList<Attachment>? attachments)
    {
        if (attachments is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartArray();
        foreach (var a in attachments)
        {
            w.WriteStartObject();
            w.WriteString("containerID", a.ContainerId);
            w.WriteString("ifname", a.IfName);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
