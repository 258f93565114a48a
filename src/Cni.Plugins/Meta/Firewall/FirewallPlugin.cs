using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Firewall;

/// <summary>Lets the container's traffic through the host's FORWARD filtering (iptables, or our nftables variant), with an optional ingress policy.</summary>
public sealed partial class FirewallPlugin : Plugin.Plugin
{
    /// <inheritdoc/>
    public override string Name => "firewall";

    /// <inheritdoc/>
    public override IReadOnlyList<string> SupportedVersions => SpecVersions.StartingFrom("0.4.0");

    private sealed record Settings(bool Nftables, string AdminChain, string IngressPolicy);

    private static Settings Load(PluginRequest request)
    {
        var conf = ConfigLoader.Load(request, FirewallJsonContext.Default.FirewallConfig);
        var policy = conf.IngressPolicy ?? "";
        if (policy is not ("" or "open" or "same-bridge" or "isolated"))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"unknown ingress policy: \"{policy}\"");
        }
        var nft = conf.Backend switch
        {
            "nftables" => true,
            "iptables" => false,
            "firewalld" => throw new CniException(CniErrorCode.InvalidNetworkConfig, "the firewalld backend is not supported by this build; use \"iptables\" or \"nftables\""),
            _ when FirewalldRunning() => throw new CniException(CniErrorCode.InvalidNetworkConfig,
                "firewalld is running, and its backend is not supported by this build: set \"backend\" to \"iptables\" or \"nftables\" explicitly"),
            _ => false,
        };
        var admin = string.IsNullOrEmpty(conf.IptablesAdminChainName) ? "CNI-ADMIN" : conf.IptablesAdminChainName;
        return new Settings(nft, admin, policy is "" ? "open" : policy);
    }

    /// <summary>Go picks firewalld when it owns its D-Bus name; without D-Bus we look for the process, so we never silently bypass it.</summary>
    private static bool FirewalldRunning()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]))
            {
                continue;
            }
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "comm")).Trim() == "firewalld")
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        return false;
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
