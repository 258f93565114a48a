using System.Text.Json.Serialization;

namespace Cni.Plugins.Main.Bridge;

/// <summary>
/// The bridge plugin's keys (names as the Go plugin reads them, any case). Properties with a non-default initial value
/// use <c>set</c>. Read by <see cref="BridgeConfigReader"/>; the attributes give the names a serializer would use.
/// </summary>
internal sealed record BridgeConfig
{
    [JsonPropertyName("bridge")] public string BrName { get; set; } = "cni0";
    public bool IsGateway { get; init; }
    public bool IsDefaultGateway { get; init; }
    public bool ForceAddress { get; init; }
    public bool IpMasq { get; init; }
    public string? IpMasqBackend { get; init; }
    public int Mtu { get; init; }
    public bool HairpinMode { get; init; }
    public bool PromiscMode { get; init; }
    public int Vlan { get; init; }
    public List<BridgeTrunk>? VlanTrunk { get; init; }
    public bool PreserveDefaultVlan { get; init; }
    public bool MacSpoofChk { get; init; }
    public bool EnableDad { get; init; }
    public bool DisableContainerInterface { get; init; }
    public bool PortIsolation { get; init; }
}

/// <summary>One <c>vlanTrunk</c> entry: a single <c>id</c> and/or a <c>minID</c>..<c>maxID</c> range.</summary>
internal sealed record BridgeTrunk
{
    [JsonPropertyName("minID")] public int? MinId { get; init; }
    [JsonPropertyName("maxID")] public int? MaxId { get; init; }
    [JsonPropertyName("id")] public int? Id { get; init; }
}
