using System.Text.Json.Serialization;

namespace Cni.Plugins.Main.Ipvlan;

/// <summary>The ipvlan plugin's keys (names as the Go plugin reads them, any case).</summary>
internal sealed record IpvlanConfig
{
    public string? Master { get; init; }
    public string? Mode { get; init; }
    public int Mtu { get; init; }
    public bool LinkInContainer { get; init; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IpvlanConfig))]
internal sealed partial class IpvlanJsonContext : JsonSerializerContext;
