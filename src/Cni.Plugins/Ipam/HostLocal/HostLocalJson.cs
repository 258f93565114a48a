using Cni.Plugins.Ipam.Common;

namespace Cni.Plugins.Ipam.HostLocal;

/// <summary>Stdin as Go's host-local reads it (<c>allocator.Net</c>): the calling plugin's whole config (read by <see cref="HostLocalJsonReader"/>).</summary>
internal sealed record HostLocalNet
{
    public string? Name { get; init; }
    public string? CniVersion { get; init; }
    public HostLocalIpam? Ipam { get; init; }
    public HostLocalRuntimeConfig? RuntimeConfig { get; init; }
    public HostLocalArgs? Args { get; init; }
}

/// <summary>The <c>ipam</c> object; the legacy single range sits at its top level.</summary>
internal sealed record HostLocalIpam
{
    public string? Subnet { get; init; }
    public string? RangeStart { get; init; }
    public string? RangeEnd { get; init; }
    public string? Gateway { get; init; }
    public List<IpamRoute?>? Routes { get; init; }
    public string? DataDir { get; init; }
    public string? ResolvConf { get; init; }
    public List<List<RangeConfig?>?>? Ranges { get; init; }
}

/// <summary>One range as written: every field optional except <c>subnet</c>.</summary>
internal sealed record RangeConfig
{
    public string? Subnet { get; init; }
    public string? RangeStart { get; init; }
    public string? RangeEnd { get; init; }
    public string? Gateway { get; init; }
}

/// <summary>The capabilities host-local consumes.</summary>
internal sealed record HostLocalRuntimeConfig
{
    public List<List<RangeConfig?>?>? IpRanges { get; init; }
    public List<string?>? Ips { get; init; }
}

/// <summary><c>args</c>: only <c>args.cni.ips</c> is read.</summary>
internal sealed record HostLocalArgs
{
    public CniSection? Cni { get; init; }
}

/// <summary><c>args.cni</c>.</summary>
internal sealed record CniSection
{
    public List<string?>? Ips { get; init; }
}
