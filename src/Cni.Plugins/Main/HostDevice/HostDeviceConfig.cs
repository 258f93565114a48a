using System.Text.Json.Serialization;

namespace Cni.Plugins.Main.HostDevice;

/// <summary>The host-device plugin's keys (names as the Go plugin reads them, any case).</summary>
internal sealed record HostDeviceConfig
{
    public string? Device { get; init; }
    [JsonPropertyName("hwaddr")] public string? HwAddr { get; init; }
    [JsonPropertyName("kernelpath")] public string? KernelPath { get; init; }
    [JsonPropertyName("pciBusID")] public string? PciBusId { get; init; }
    public HostDeviceRuntimeConfig? RuntimeConfig { get; init; }
}

/// <summary>The <c>deviceID</c> capability.</summary>
internal sealed record HostDeviceRuntimeConfig
{
    [JsonPropertyName("deviceID")] public string? DeviceId { get; init; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HostDeviceConfig))]
internal sealed partial class HostDeviceJsonContext : JsonSerializerContext;
