using System.Text.Json.Serialization;
using Cni.Plugins.Ipam.Common;

namespace Cni.Plugins.Ipam.Static;

/// <summary>Stdin as Go's static plugin reads it (its <c>Net</c> struct).</summary>
internal sealed record StaticNet
{
    public string? CniVersion { get; init; }
    public StaticIpam? Ipam { get; init; }
    public StaticRuntimeConfig? RuntimeConfig { get; init; }
    public StaticArgs? Args { get; init; }
}

/// <summary>The <c>ipam</c> object.</summary>
internal sealed record StaticIpam
{
    public List<IpamRoute?>? Routes { get; init; }
    public List<StaticAddress>? Addresses { get; init; }
    public IpamDns? Dns { get; init; }
}

/// <summary>One configured address: CIDR text (host bits kept) and an optional gateway.</summary>
internal sealed record StaticAddress
{
    public string? Address { get; init; }
    public string? Gateway { get; init; }
}

/// <summary>The <c>ips</c> capability.</summary>
internal sealed record StaticRuntimeConfig
{
    public List<string>? Ips { get; init; }
}

/// <summary><c>args</c>: only <c>args.cni.ips</c>.</summary>
internal sealed record StaticArgs
{
    public StaticCniArgs? Cni { get; init; }
}

/// <summary><c>args.cni</c>.</summary>
internal sealed record StaticCniArgs
{
    public List<string>? Ips { get; init; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StaticNet))]
internal sealed partial class StaticJsonContext : JsonSerializerContext;
