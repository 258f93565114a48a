using Cni.Linux.PacketFilter;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Repair;

/// <summary>
/// <c>repair</c> for bridge's and ptp's <c>ipMasq</c>: reads the rules once (one <c>iptables-save -t nat</c> per family
/// or one <c>nft -j list table</c>), and only when the attachment's masquerade is incomplete re-applies it with
/// <see cref="IpMasq.Setup"/> (one batch per family, idempotent).
/// </summary>
internal static class IpMasqRepair
{
    private const string NftTable = "cni_plugins_masquerade";

    /// <returns>What was repaired, or null when everything was there.</returns>
    public static string? Ensure(string? backend, IReadOnlyList<CidrAddress> ips, string network, string ifName, string containerId)
    {
        if (ips.Count == 0)
        {
            return null;
        }
        var nft = backend switch
        {
            "nftables" => true,
            "iptables" => false,
            null or "" => !Iptables.V4.IsUsable() && Nftables.IsUsable(),
            _ => throw new CniException(CniErrorCode.InvalidNetworkConfig, $"unknown ipmasq backend \"{backend}\""),
        };
        var missing = nft ? NftablesMissing(ips, network, ifName, containerId) : IptablesMissing(ips, network, containerId);
        if (missing is null)
        {
            return null;
        }
        try
        {
            IpMasq.Setup(backend, ips, network, ifName, containerId);
        }
        catch (PacketFilterException e)
        {
            throw new CniException(CniErrorCode.Internal, "unable to repair ipMasq: " + e.Message);
        }
        return missing;
    }

    private static string? IptablesMissing(IReadOnlyList<CidrAddress> ips, string network, string containerId)
    {
        var chain = ChainNames.Chain(network, containerId);
        foreach (var family in ips.GroupBy(ip => ip.IsIPv4))
        {
            var nat = IptablesSnapshot.Parse(Iptables.For(family.Key).Save("nat"));
            var rules = nat.Rules(chain);
            if (!nat.HasChain(chain) || !rules.Any(r => r.Contains("-j ACCEPT", StringComparison.Ordinal)) || !rules.Any(r => r.Contains("-j MASQUERADE", StringComparison.Ordinal)))
            {
                return $"ipMasq chain {chain}";
            }
            foreach (var ip in family.DistinctBy(ip => ip.Address))
            {
                var source = IPText.Format(ip.Address) + (ip.IsIPv4 ? "/32" : "/128");
                if (!nat.Rules("POSTROUTING").Any(r => (" " + r + " ").Contains($" -s {source} ", StringComparison.Ordinal) && r.EndsWith(" -j " + chain, StringComparison.Ordinal)))
                {
                    return $"ipMasq jump from POSTROUTING for {IPText.Format(ip.Address)} (chain {chain})";
                }
            }
        }
        return null;
    }

    private static string? NftablesMissing(IReadOnlyList<CidrAddress> ips, string network, string ifName, string containerId)
    {
        var comment = IpMasq.NftComment(network, ifName, containerId);
        var rules = Nftables.ListTableRules("inet", NftTable);
        if (rules is null)
        {
            return $"ipMasq table inet {NftTable}";
        }
        if (rules.Count(r => r.Chain == "postrouting") < 3)
        {
            return $"ipMasq chain postrouting of inet {NftTable}";
        }
        return rules.Count(r => r.Chain == "masq_checks" && r.Comment == comment) < ips.Count ? $"ipMasq rules \"{comment}\"" : null;
    }
}
