using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cni.Plugins.Meta.Flannel;

/// <summary>The flannel plugin's keys (any case, like Go); the delegate's are passed through untouched.</summary>
internal sealed record FlannelConfig
{
    public const string DefaultSubnetFile = "/run/flannel/subnet.env";
    public const string DefaultDataDir = "/var/lib/cni/flannel";

    public string? SubnetFile { get; init; }
    public string? DataDir { get; init; }

    /// <summary>Overrides for the delegate's config (its <c>type</c> defaults to <c>bridge</c>).</summary>
    public JsonElement? Delegate { get; init; }

    /// <summary>The delegate's IPAM starts from this; flannel sets <c>ranges</c> and adds the network routes.</summary>
    public JsonElement? Ipam { get; init; }

    public JsonElement? RuntimeConfig { get; init; }

    public string SubnetFilePath => string.IsNullOrEmpty(SubnetFile) ? DefaultSubnetFile : SubnetFile;

    public string DataDirPath => string.IsNullOrEmpty(DataDir) ? DefaultDataDir : DataDir;
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FlannelConfig))]
internal sealed partial class FlannelJsonContext : JsonSerializerContext;
