using System.Text.Json.Serialization;

namespace Cni.Plugins.Meta.Vrf;

/// <summary>The vrf plugin's keys (any case, like Go).</summary>
internal sealed record VrfConfig
{
    /// <summary>The VRF device to create or reuse in the container namespace.</summary>
    public string? VrfName { get; init; }

    /// <summary>The VRF's routing table; 0 picks the lowest table no other VRF of the namespace uses.</summary>
    public uint Table { get; init; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(VrfConfig))]
internal sealed partial class VrfJsonContext : JsonSerializerContext;
