using System.Text.Json.Serialization;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>Stdin as Go's dhcp plugin reads it.</summary>
internal sealed record DhcpNet
{
    public string? CniVersion { get; init; }
    public string? Name { get; init; }
    public DhcpIpam? Ipam { get; init; }
}

/// <summary>The <c>ipam</c> object.</summary>
internal sealed record DhcpIpam
{
    public string? DaemonSocketPath { get; init; }
    public List<DhcpRequestOption?>? Request { get; init; }
    public List<DhcpProvideOption?>? Provide { get; init; }
    public int Priority { get; init; }
}

/// <summary>An entry of <c>request</c>: an option for the Parameter Request List.</summary>
internal sealed record DhcpRequestOption
{
    public bool SkipDefault { get; init; }
    public string? Option { get; init; }
}

/// <summary>An entry of <c>provide</c>: an option sent to the server, by value or from a CNI_ARGS key.</summary>
internal sealed record DhcpProvideOption
{
    public string? Option { get; init; }
    public string? Value { get; init; }
    public string? FromArg { get; init; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DhcpNet))]
internal sealed partial class DhcpJsonContext : JsonSerializerContext;
