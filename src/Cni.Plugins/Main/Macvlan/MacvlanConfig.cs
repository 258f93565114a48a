using System.Text.Json.Serialization;

namespace Cni.Plugins.Main.Macvlan;

/// <summary>The macvlan plugin's keys (names as the Go plugin reads them, any case).</summary>
internal sealed record MacvlanConfig
{
    public string? Master { get; init; }
    public string? Mode { get; init; }
    public int Mtu { get; init; }
    public string? Mac { get; init; }
    public bool LinkInContainer { get; init; }
    [JsonPropertyName("bcqueuelen")] public uint BcQueueLen { get; init; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(MacvlanConfig))]
internal sealed partial class MacvlanJsonContext : JsonSerializerContext;
