using System.Text.Json;
using Cni.Internal;

namespace Cni;

/// <summary>
/// The configuration a plugin receives on stdin: the well-known keys typed, every other key kept in
/// <see cref="Root"/> for the plugin's own parsing. Property names match case-insensitively, like Go.
/// </summary>
public sealed class NetworkConfig
{
    /// <summary>The config's spec version ("" when absent).</summary>
    public string CniVersion { get; private init; } = "";
    /// <summary>The network name.</summary>
    public string Name { get; private init; } = "";
    /// <summary>The plugin type.</summary>
    public string Type { get; private init; } = "";
    /// <summary>Declared capabilities (name → enabled).</summary>
    public IReadOnlyDictionary<string, bool> Capabilities { get; private init; } = new Dictionary<string, bool>();
    /// <summary>The <c>ipam</c> object, when present.</summary>
    public JsonElement? Ipam { get; private init; }
    /// <summary>The <c>ipam.type</c>; "" when absent.</summary>
    public string IpamType { get; private init; } = "";
    /// <summary>The <c>dns</c> object.</summary>
    public Dns Dns { get; private init; } = new();
    /// <summary>The previous plugin's result, raw.</summary>
    public JsonElement? PrevResult { get; private init; }
    /// <summary>The runtime-filled capability arguments.</summary>
    public JsonElement? RuntimeConfig { get; private init; }
    /// <summary>The <c>args</c> object.</summary>
    public JsonElement? Args { get; private init; }
    /// <summary>GC: the attachments still valid; null when the key is absent or null.</summary>
    public IReadOnlyList<Attachment>? ValidAttachments { get; private init; }
    /// <summary>The whole object.</summary>
    public JsonElement Root { get; private init; }
    /// <summary>The exact stdin bytes.</summary>
    public ReadOnlyMemory<byte> Bytes { get; private init; }

    /// <summary>The config version with Go's default: "" means 0.1.0.</summary>
    public string EffectiveVersion => CniVersion.Length == 0 ? "0.1.0" : CniVersion;

    /// <summary>Parses stdin. Does not validate the name; the skeleton does that per verb.</summary>
    /// <exception cref="CniException">Code 6 for malformed JSON or wrongly typed well-known keys.</exception>
    public static NetworkConfig Parse(ReadOnlyMemory<byte> bytes)
    {
        JsonElement root;
        try
        {
            // Not disposed (and so not cloned): giving its pooled buffers back makes the runtime calibrate its
            // processor-id cache first (~2 % of a bridge ADD/DEL's CPU); the buffers go to the GC with the document.
            root = JsonDocument.Parse(bytes).RootElement;
        }
        catch (JsonException e)
        {
            throw Decode(GoJsonErrors.Message(e));
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Decode($"json: cannot unmarshal {JsonFields.GoKind(root.ValueKind)} into Go value of type types.NetConf");
        }
        try
        {
            return FromObject(root, bytes);
        }
        catch (JsonException e)
        {
            throw Decode(e.Message);
        }
        catch (InvalidOperationException e)
        {
            // A string that is not valid UTF-8 (or a lone surrogate escape) fails only when it is read.
            throw Decode(JsonTextErrors.Describe(root, e));
        }
    }

    private static NetworkConfig FromObject(JsonElement root, ReadOnlyMemory<byte> bytes)
    {
        var o = new JsonFields(root);
        var ipam = o.GetObject("ipam");
        return new NetworkConfig
        {
            Root = root,
            Bytes = bytes,
            CniVersion = o.GetString("cniVersion") ?? "",
            Name = o.GetString("name") ?? "",
            Type = o.GetString("type") ?? "",
            Capabilities = ReadCapabilities(o),
            Ipam = ipam,
            IpamType = ipam is { } i ? new JsonFields(i).GetString("type") ?? "" : "",
            Dns = ResultJson.ReadDns(o),
            PrevResult = o.GetObject("prevResult"),
            RuntimeConfig = o.GetObject("runtimeConfig"),
            Args = o.GetObject("args"),
            ValidAttachments = ReadAttachments(o),
        };
    }

    /// <summary>A member of <see cref="RuntimeConfig"/>, matched case-insensitively.</summary>
    public JsonElement? RuntimeConfigValue(string capability) =>
        RuntimeConfig is { } rc ? new JsonFields(rc).Get(capability) : null;

    /// <summary>The previous result converted to the 1.x shape, or null when there is none.</summary>
    /// <exception cref="CniException">When it does not parse in the config's version family.</exception>
    public Result? ParsePrevResult()
    {
        if (PrevResult is not { } prev)
        {
            return null;
        }
        var result = ResultConverters.ToCurrent(CniResults.ParseAs(prev, EffectiveVersion));
        foreach (var ip in result.Ips)
        {
            if (ip.Interface is { } index && (index < 0 || index >= result.Interfaces.Count))
            {
                throw new CniException(CniErrorCode.InvalidNetworkConfig, "invalid prevResult",
                    $"address {ip.Address} names interface {index}, but the result lists {result.Interfaces.Count}");
            }
        }
        return result;
    }

    private static Dictionary<string, bool> ReadCapabilities(JsonFields o)
    {
        var caps = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (o.GetObject("capabilities") is { } c)
        {
            foreach (var p in c.EnumerateObject())
            {
                caps[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    _ => throw JsonFields.TypeError("capabilities", "bool", p.Value),
                };
            }
        }
        return caps;
    }

    private static List<Attachment>? ReadAttachments(JsonFields o)
    {
        var list = o.GetArray("cni.dev/valid-attachments") ?? o.GetArray("cni.dev/attachments");
        if (list is null)
        {
            return null;
        }
        var result = new List<Attachment>();
        foreach (var e in list.Value.EnumerateArray())
        {
            var f = new JsonFields(e);
            result.Add(new Attachment(f.GetString("containerID") ?? "", f.GetString("ifname") ?? ""));
        }
        return result;
    }

    private static CniException Decode(string why) => new(CniErrorCode.DecodingFailure, "error unmarshall network config: " + why);
}
