using System.Text.Json.Serialization;

namespace Cni.Plugins.Main.Tap;

/// <summary>The tap plugin's keys (names as the Go plugin reads them, any case).</summary>
internal sealed record TapConfig
{
    public bool MultiQueue { get; init; }
    public int Mtu { get; init; }
    public string? Mac { get; init; }
    public uint? Owner { get; init; }
    public uint? Group { get; init; }
    [JsonPropertyName("selinuxContext")] public string? SelinuxContext { get; init; }
    public string? Bridge { get; init; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TapConfig))]
internal sealed partial class TapJsonContext : JsonSerializerContext;
