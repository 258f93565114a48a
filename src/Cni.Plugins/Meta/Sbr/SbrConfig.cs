using System.Text.Json.Serialization;

namespace Cni.Plugins.Meta.Sbr;

/// <summary>The sbr plugin's keys (any case, like Go).</summary>
internal sealed record SbrConfig
{
    public int? Table { get; init; }
    public List<string>? Gateways { get; init; }
    public bool AddSourceHints { get; init; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SbrConfig))]
internal sealed partial class SbrJsonContext : JsonSerializerContext;
