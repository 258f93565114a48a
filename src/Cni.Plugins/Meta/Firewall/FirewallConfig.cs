namespace Cni.Plugins.Meta.Firewall;

/// <summary>The firewall plugin's keys (any case, like Go). Read by <see cref="FirewallConfigReader"/>.</summary>
internal sealed record FirewallConfig
{
    public string? Backend { get; init; }
    public string? IptablesAdminChainName { get; init; }
    public string? FirewalldZone { get; init; }
    public string? IngressPolicy { get; init; }
}
