using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Firewall;

/// <summary>Lets the container's traffic through the host's FORWARD filtering (iptables, firewalld, or our nftables variant), with an optional ingress policy.</summary>
public sealed partial class FirewallPlugin : Plugin.Plugin
{
    /// <inheritdoc/>
    public override string Name => "firewall";

    /// <inheritdoc/>
    public override IReadOnlyList<string> SupportedVersions => SpecVersions.StartingFrom("0.4.0");

    // FirewalldZone is set when the firewalld backend is in use: the zone the addresses join.
    private sealed record Settings(bool Nftables, string AdminChain, string IngressPolicy, string? FirewalldZone = null);

    private static Settings Load(PluginRequest request)
    {
        var conf = FirewallConfigReader.Load(request);
        var policy = conf.IngressPolicy ?? "";
        if (policy is not ("" or "open" or "same-bridge" or "isolated"))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"unknown ingress policy: \"{policy}\"");
        }
        var admin = string.IsNullOrEmpty(conf.IptablesAdminChainName) ? "CNI-ADMIN" : conf.IptablesAdminChainName;
        policy = policy is "" ? "open" : policy;
        if (conf.Backend == "firewalld" || (conf.Backend is not ("iptables" or "nftables") && FirewallFirewalld.IsRunning()))
        {
            var zone = string.IsNullOrEmpty(conf.FirewalldZone) ? FirewallFirewalld.DefaultZone : conf.FirewalldZone;
            return new Settings(false, admin, policy, zone);
        }
        return new Settings(conf.Backend == "nftables", admin, policy);
    }

    /// <summary>Go's address form: <c>ip/32</c> or <c>ip/128</c>.</summary>
    private static IEnumerable<(bool V4, string Ip)> Addresses(Result prev) =>
        prev.Ips.Select(ip => (ip.Address.IsIPv4, IPText.Format(ip.Address.Address) + (ip.Address.IsIPv4 ? "/32" : "/128")));

    /// <summary>The bridge for an ingress policy: the first interface of the result (the bridge plugin puts it there).</summary>
    private static string BridgeName(Result prev, string policy)
    {
        if (prev.Interfaces.Count == 0)
        {
            throw new CniException(CniErrorCode.Internal, $"interface needs to be set for ingress policy \"{policy}\", make sure to chain \"firewall\" plugin with \"bridge\"");
        }
        var name = prev.Interfaces[0].Name;
        return name.Length > 0 ? name : throw new CniException(CniErrorCode.Internal, "got empty bridge name");
    }
}
