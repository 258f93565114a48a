using System.Text.Json.Serialization;

namespace Cni.Plugins.Meta.Portmap;

/// <summary>
/// The portmap plugin's keys (any case, like Go; containerd sends <c>HostPort</c>, <c>ContainerPort</c>, ...). Read by
/// <see cref="PortmapConfigReader"/>; the attributes give the names a serializer would use.
/// </summary>
internal sealed record PortmapConfig
{
    public string? Backend { get; init; }
    [JsonPropertyName("snat")] public bool? Snat { get; init; }
    public bool MasqAll { get; init; }
    public int? MarkMasqBit { get; init; }
    public string? ExternalSetMarkChain { get; init; }
    [JsonPropertyName("conditionsV4")] public List<string>? ConditionsV4 { get; init; }
    [JsonPropertyName("conditionsV6")] public List<string>? ConditionsV6 { get; init; }
    public PortmapRuntimeConfig? RuntimeConfig { get; init; }
    /// <summary>Our addition: CHECK re-applies missing rules instead of failing (after a firewall reload).</summary>
    public bool Repair { get; init; }
}

/// <summary><c>runtimeConfig</c>: the <c>portMappings</c> capability.</summary>
internal sealed record PortmapRuntimeConfig
{
    public List<PortMapping>? PortMappings { get; init; }
}

/// <summary>One mapping as the runtime sends it.</summary>
internal sealed record PortMapping
{
    public int HostPort { get; init; }
    public int ContainerPort { get; init; }
    public string Protocol { get; set; } = "";
    [JsonPropertyName("hostIP")] public string? HostIP { get; init; }
}
