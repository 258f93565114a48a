using System.Text.Json.Serialization;

namespace Cni.Plugins.Main.Vlan;

/// <summary>The vlan plugin's keys (names as the Go plugin reads them, any case).</summary>
internal sealed record VlanConfig
{
    public string? Master { get; init; }
    [JsonPropertyName("vlanId")] public int VlanId { get; init; }
    public int Mtu { get; init; }
    public bool LinkInContainer { get; init; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(VlanConfig))]
internal sealed partial class VlanJsonContext : JsonSerializerContext;
