using Cni.Linux.PacketFilter;

namespace Cni.Plugins.Common;

/// <summary>Masquerade for the container's addresses (bridge, ptp <c>ipMasq</c>), with Go's chains, rules and comments.</summary>
internal static class IpMasq
{
    private const string NftTable = "cni_plugins_masquerade";
    private const string NftChecks = "masq_checks";

    public static void Setup(string? backend, IReadOnlyList<CidrAddress> ips, string network, string ifName, string containerId)
    {
        if (UseNftables(backend))
        {
            SetupNftables(ips, network, ifName, containerId);
        }
        else
        {
            SetupIptables(ips, network, containerId);
        }
    }

    /// <summary>Removes this attachment's rules from both backends; an error counts only where that backend is usable.</summary>
    public static void Teardown(IReadOnlyList<CidrAddress> ips, string network, string ifName, string containerId)
    {
        var errors = new List<string>();
        try
        {
            TeardownIptables(ips, network, containerId);
        }
        catch (PacketFilterException e) when (!Iptables.V4.IsUsable())
        {
            _ = e;
        }
        catch (PacketFilterException e)
        {
            errors.Add(e.Message);
        }
        try
        {
            TeardownNftables(network, ifName, containerId);
        }
        catch (PacketFilterException e) when (!Nftables.IsUsable())
        {
            _ = e;
        }
        catch (PacketFilterException e)
        {
            errors.Add(e.Message);
        }
        if (errors.Count > 0)
        {
            throw new CniException(CniErrorCode.Internal, string.Join('\n', errors));
        }
    }

    private static bool UseNftables(string? backend) => backend switch
    {
        "nftables" => true,
        "iptables" => false,
        null or "" => !Iptables.V4.IsUsable() && Nftables.IsUsable(),
        _ => throw new CniException(CniErrorCode.InvalidNetworkConfig, $"unknown ipmasq backend \"{backend}\""),
    };

    private static void SetupIptables(IReadOnlyList<CidrAddress> ips, string network, string containerId)
    {
        var chain = ChainNames.Chain(network, containerId);
        var comment = ChainNames.Comment(network, containerId);
        foreach (var ip in ips)
        {
            var ipt = Iptables.For(ip.IsIPv4);
            ipt.EnsureChain("nat", chain);
            ipt.AppendUnique("nat", chain, ["-d", ip.ToString(), "-j", "ACCEPT", "-m", "comment", "--comment", comment]);
            ipt.AppendUnique("nat", chain, ["!", "-d", ip.IsIPv4 ? "224.0.0.0/4" : "ff00::/8", "-j", "MASQUERADE", "-m", "comment", "--comment", comment]);
            ipt.AppendUnique("nat", "POSTROUTING", ["-s", IPText.Format(ip.Address), "-j", chain, "-m", "comment", "--comment", comment]);
        }
    }

    private static void TeardownIptables(IReadOnlyList<CidrAddress> ips, string network, string containerId)
    {
        var chain = ChainNames.Chain(network, containerId);
        var comment = ChainNames.Comment(network, containerId);
        foreach (var ip in ips)
        {
            var ipt = Iptables.For(ip.IsIPv4);
            ipt.DeleteRule("nat", "POSTROUTING", ["-s", IPText.Format(ip.Address), "-j", chain, "-m", "comment", "--comment", comment]);
            ipt.DeleteRule("nat", "POSTROUTING", ["-s", ip.ToString(), "-j", chain, "-m", "comment", "--comment", comment]);
            ipt.DeleteChain("nat", chain);
        }
    }

    /// <summary><c>&lt;H(net)&gt;-&lt;H(ifname:cid)&gt;, net: ..., if: ..., id: ...</c>, at most 128 bytes.</summary>
    public static string NftComment(string network, string ifName, string containerId)
    {
        string Clean(string s) => s.Replace("\"", "", StringComparison.Ordinal);
        var comment = $"{NftPrefix(network, ifName, containerId)}, net: {Clean(network)}, if: {Clean(ifName)}, id: {Clean(containerId)}";
        return comment.Length > 128 ? comment[..128] : comment;
    }

    private static string NftPrefix(string network, string ifName, string containerId) =>
        ChainNames.Sha512Hex(network)[..16] + "-" + ChainNames.Sha512Hex(ifName + ":" + containerId)[..16];

    private static void SetupNftables(IReadOnlyList<CidrAddress> ips, string network, string ifName, string containerId)
    {
        var t = $"inet {NftTable}";
        var prefix = NftPrefix(network, ifName, containerId);
        var comment = NftComment(network, ifName, containerId);
        var tx = new System.Text.StringBuilder();
        tx.Append($"add table {t} {{ comment \"Masquerading for plugins from github.com/containernetworking/plugins\" ; }}\n");
        tx.Append($"add chain {t} {NftChecks} {{ comment \"Masquerade traffic from certain IPs to any (non-multicast) IP outside their subnet\" ; }}\n");
        tx.Append($"add chain {t} postrouting {{ type nat hook postrouting priority 100 ; }}\n");
        tx.Append($"flush chain {t} postrouting\n");
        tx.Append($"add rule {t} postrouting ip daddr == 224.0.0.0/4 return\n");
        tx.Append($"add rule {t} postrouting ip6 daddr == ff00::/8 return\n");
        tx.Append($"add rule {t} postrouting goto {NftChecks}\n");
        foreach (var stale in Nftables.ListRules("inet", NftTable, NftChecks) ?? [])
        {
            if (stale.Comment.StartsWith(prefix, StringComparison.Ordinal))
            {
                tx.Append($"delete rule {t} {NftChecks} handle {stale.Handle}\n");
            }
        }
        foreach (var ip in ips)
        {
            var family = ip.IsIPv4 ? "ip" : "ip6";
            tx.Append($"add rule {t} {NftChecks} {family} saddr == {IPText.Format(ip.Address)} {family} daddr != {ip.Network()} masquerade comment \"{comment}\"\n");
        }
        Nftables.Apply(tx.ToString());
    }

    private static void TeardownNftables(string network, string ifName, string containerId)
    {
        var prefix = NftPrefix(network, ifName, containerId);
        var doomed = (Nftables.ListRules("inet", NftTable, NftChecks) ?? []).Where(r => r.Comment.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (doomed.Count > 0)
        {
            Nftables.Apply(string.Concat(doomed.Select(r => $"delete rule inet {NftTable} {NftChecks} handle {r.Handle}\n")));
        }
    }
}
