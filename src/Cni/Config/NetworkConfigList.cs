using System.Text.Json;
using Cni.Internal;

namespace Cni;

/// <summary>A network configuration list (<c>.conflist</c>), parsed like Go's <c>NetworkConfFromBytes</c>.</summary>
public sealed class NetworkConfigList
{
    /// <summary>The network name.</summary>
    public required string Name { get; init; }
    /// <summary>The selected spec version (see <see cref="SelectVersion"/>); may be "".</summary>
    public required string CniVersion { get; init; }
    /// <summary>Whether the runtime must not CHECK.</summary>
    public bool DisableCheck { get; init; }
    /// <summary>Whether the runtime must not GC.</summary>
    public bool DisableGC { get; init; }
    /// <summary>Whether only the inlined plugins count (no <c>&lt;dir&gt;/&lt;name&gt;/*.conf</c>).</summary>
    public bool LoadOnlyInlinedPlugins { get; init; }
    /// <summary>The plugins, in execution order.</summary>
    public required IReadOnlyList<PluginConfig> Plugins { get; init; }
    /// <summary>The original bytes (what the result cache stores).</summary>
    public required ReadOnlyMemory<byte> Bytes { get; init; }

    /// <summary>Parses a list.</summary>
    /// <exception cref="CniException">Code 7 with Go's <c>error parsing configuration list: ...</c> messages.</exception>
    public static NetworkConfigList Parse(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return ParseBytes(bytes);
        }
        catch (InvalidOperationException e)
        {
            // A string that is not valid UTF-8 fails only when it is read.
            throw Fail(e.Message);
        }
    }

    private static NetworkConfigList ParseBytes(ReadOnlyMemory<byte> bytes)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Fail(e.Message);
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Fail($"json: cannot unmarshal {JsonFields.GoKind(root.ValueKind)} into Go value of type map[string]interface {{}}");
        }

        var name = Member(root, "name") ?? throw Fail("no name");
        if (name.ValueKind != JsonValueKind.String) throw Fail($"invalid name type {GoType(name)}");
        var version = "";
        if (Member(root, "cniVersion") is { } v)
        {
            version = v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Fail($"invalid cniVersion type {GoType(v)}");
        }
        version = SelectVersion(version, Member(root, "cniVersions"));
        bool onlyInlined = ReadBool(root, "loadOnlyInlinedPlugins");
        var plugins = new List<PluginConfig>();
        if (Member(root, "plugins") is not { } list)
        {
            if (onlyInlined) throw Fail("`loadOnlyInlinedPlugins` is true, and no 'plugins' key");
        }
        else
        {
            if (list.ValueKind != JsonValueKind.Array) throw Fail($"invalid 'plugins' type {GoType(list)}");
            if (list.GetArrayLength() == 0) throw Fail("no plugins in list");
            int i = 0;
            foreach (var p in list.EnumerateArray())
            {
                try
                {
                    plugins.Add(PluginConfig.Parse(SortedJson.Write(p)));
                }
                catch (CniException e)
                {
                    throw new CniException(CniErrorCode.InvalidNetworkConfig, $"failed to parse plugin config {i}: {e.Message}");
                }
                i++;
            }
        }
        return new NetworkConfigList
        {
            Name = name.GetString()!,
            CniVersion = version,
            DisableCheck = ReadBool(root, "disableCheck"),
            DisableGC = ReadBool(root, "disableGC"),
            LoadOnlyInlinedPlugins = onlyInlined,
            Plugins = plugins,
            Bytes = bytes,
        };
    }

    /// <summary>
    /// The spec's version selection: with <c>cniVersions</c>, the highest of it and <c>cniVersion</c> not above
    /// the library's version; without it, <c>cniVersion</c> verbatim.
    /// </summary>
    public static string SelectVersion(string cniVersion, JsonElement? cniVersions)
    {
        if (cniVersions is not { } list)
        {
            return cniVersion;
        }
        if (list.ValueKind != JsonValueKind.Array) throw Fail($"invalid cniVersions type {GoType(list)}");
        var current = SpecVersion.Parse(SpecVersions.Current);
        var candidates = new List<(SpecVersion Parsed, string Text)>();
        foreach (var e in list.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.String) throw Fail($"invalid version in cniVersions: {GoType(e)}");
            var text = e.GetString()!;
            if (!SpecVersion.TryParse(text, out var parsed)) throw Fail($"invalid cniVersions entry {text}");
            if (parsed <= current) candidates.Add((parsed, text));
        }
        if (cniVersion.Length > 0 && SpecVersion.TryParse(cniVersion, out var own) && own <= current)
        {
            candidates.Add((own, cniVersion));
        }
        return candidates.Count == 0 ? cniVersion : candidates.MaxBy(c => c.Parsed).Text;
    }

    /// <summary>Up-converts a single plugin config (<c>.conf</c>) to a list, like Go's <c>ConfListFromConf</c>.</summary>
    public static NetworkConfigList FromPlugin(PluginConfig plugin)
    {
        var bytes = JsonOutput.WriteBytes(w =>
        {
            w.WriteStartObject();
            w.WriteString("cniVersion", plugin.Network.CniVersion);
            w.WriteString("name", plugin.Network.Name);
            w.WriteStartArray("plugins");
            SortedJson.WriteValue(w, plugin.Root);
            w.WriteEndArray();
            w.WriteEndObject();
        }, indented: false);
        return Parse(bytes);
    }

    private static bool ReadBool(JsonElement root, string key)
    {
        if (Member(root, key) is not { } v)
        {
            return false;
        }
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when string.Equals(v.GetString(), "true", StringComparison.OrdinalIgnoreCase) => true,
            JsonValueKind.String when string.Equals(v.GetString(), "false", StringComparison.OrdinalIgnoreCase) => false,
            JsonValueKind.String => throw Fail($"invalid value \"{v.GetString()}\" for {key}"),
            _ => throw Fail($"invalid type {GoType(v)} for {key}"),
        };
    }

    // The list is read as a Go map: keys match exactly.
    private static JsonElement? Member(JsonElement root, string key) =>
        root.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    private static string GoType(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "float64",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "[]interface {}",
        JsonValueKind.Object => "map[string]interface {}",
        _ => "<nil>",
    };

    private static CniException Fail(string why) => new(CniErrorCode.InvalidNetworkConfig, "error parsing configuration list: " + why);
}
