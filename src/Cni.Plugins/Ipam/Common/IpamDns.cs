namespace Cni.Plugins.Ipam.Common;

/// <summary>A <c>dns</c> object in an IPAM config (Go's <c>types.DNS</c>).</summary>
internal sealed record IpamDns
{
    public List<string>? Nameservers { get; init; }
    public string? Domain { get; init; }
    public List<string>? Search { get; init; }
    public List<string>? Options { get; init; }

    public Dns ToDns() => new() { Nameservers = Nameservers, Domain = Domain, Search = Search, Options = Options };
}
