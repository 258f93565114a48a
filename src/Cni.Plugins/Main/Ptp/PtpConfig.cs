using System.Text.Json.Serialization;

namespace Cni.Plugins.Main.Ptp;

/// <summary>The ptp plugin's keys (names as the Go plugin reads them, any case).</summary>
internal sealed record PtpConfig
{
    public bool IpMasq { get; init; }
    public string? IpMasqBackend { get; init; }
    public int Mtu { get; init; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PtpConfig))]
internal sealed partial class PtpJsonContext : JsonSerializerContext;
