using System.Text.Json.Serialization;
using Cni.Plugins.Ipam.HostLocal;
using Cni.Plugins.Main.Bridge;

namespace Cni.Plugins.Tests.Unit.ConfigReaders;

/// <summary>
/// The source-generated contexts the plugins used before their hand-written readers, kept here as the reference the
/// readers are compared with (same options as they had in src/).
/// </summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BridgeConfig))]
internal sealed partial class OldBridgeJsonContext : JsonSerializerContext;

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HostLocalNet))]
internal sealed partial class OldHostLocalJsonContext : JsonSerializerContext;

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Cni.Plugins.Meta.Bandwidth.BandwidthConfig))]
internal sealed partial class OldBandwidthJsonContext : JsonSerializerContext;

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Cni.Plugins.Meta.Portmap.PortmapConfig))]
internal sealed partial class OldPortmapJsonContext : JsonSerializerContext;

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Cni.Plugins.Meta.Firewall.FirewallConfig))]
internal sealed partial class OldFirewallJsonContext : JsonSerializerContext;

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault, WriteIndented = true, IndentSize = 1)]
[JsonSerializable(typeof(Cni.Plugins.Meta.Tuning.TuningConfig))]
internal sealed partial class OldTuningJsonContext : JsonSerializerContext;
