using System.Text.Json.Serialization;

namespace Cni.Plugins.Meta.Firewall;

/// <summary>The firewall plugin's keys (any case, like Go).</summary>
internal sealed record FirewallConfig
{
    public string? Backend { get; init; }
    public string? IptablesAdminChainName { get; init; }
    public string? FirewalldZone { get; init; }
    public string? IngressPolicy { get; init; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FirewallConfig))]
internal sealed partial class FirewallJsonContext : JsonSerializerContext;
