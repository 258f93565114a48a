using System.Globalization;
using System.Text;
using Cni.Linux.PacketFilter;

namespace Cni.Plugins.Meta.Portmap;

/// <summary>
/// The nftables backend: Go's <c>ip|ip6 cni_hostport</c> table as of v1.9 (locally-destined traffic only, through
/// <c>fib daddr type local</c> and <c>hostports_all</c>), both families in one <c>nft -f</c> transaction.
/// Rules carry the network as well as the container ID, so a DEL on one network leaves the container's other networks alone.
/// </summary>
internal static class PortmapNftables
{
    public const string Table = "cni_hostport";
    private static readonly string[] RuleChains = ["hostports", "hostip_hostports", "masquerading"];

    /// <summary><c>&lt;cid&gt;, net: &lt;network&gt;</c>, at most 128 bytes (Go writes the container ID alone).</summary>
    public static string Comment(string network, string containerId)
    {
        var c = $"{containerId}, net: {network}".Replace("\"", "", StringComparison.Ordinal);
        return c.Length > 128 ? c[..128] : c;
    }

    public static string AddTransaction(PortmapSettings s)
    {
        var tx = new StringBuilder();
        foreach (var container in new[] { s.ContainerV4, s.ContainerV6 })
        {
            if (container is { } c)
            {
                AddFamily(tx, s, c);
            }
        }
        return tx.ToString();
    }

    private static void AddFamily(StringBuilder tx, PortmapSettings s, CidrAddress container)
    {
        var v4 = container.IsIPv4;
        var ipx = v4 ? "ip" : "ip6";
        var t = $"{ipx} {Table}";
        var comment = Comment(s.Network, s.ContainerId);
        var conditions = string.Concat((v4 ? s.ConditionsV4 : s.ConditionsV6).Select(c => c + " "));
        tx.Append($"add table {t} {{ comment \"CNI portmap plugin\" ; }}\n");
        tx.Append($"add chain {t} hostports\n");
        tx.Append($"add chain {t} hostip_hostports\n");
        tx.Append($"add chain {t} hostports_all\n");
        tx.Append($"flush chain {t} hostports_all\n");
        tx.Append($"add rule {t} hostports_all jump hostip_hostports\n");
        tx.Append($"add rule {t} hostports_all jump hostports\n");
        foreach (var (chain, hook) in new[] { ("prerouting", "prerouting"), ("output", "output") })
        {
            tx.Append($"add chain {t} {chain} {{ type nat hook {hook} priority -100 ; }}\n");
            tx.Append($"flush chain {t} {chain}\n");
            tx.Append($"add rule {t} {chain} {conditions}fib daddr type local jump hostports_all\n");
        }
        if (s.Snat)
        {
            tx.Append($"add chain {t} masquerading {{ type nat hook postrouting priority 100 ; }}\n");
        }
        var ip = IPText.Format(container.Address);
        foreach (var m in s.Mappings.Where(m => m.AppliesTo(v4)))
        {
            var daddr = m.HasDestination ? $"{ipx} daddr {m.HostIPText} " : "";
            var to = (v4 ? ip : $"[{ip}]") + ":" + m.ContainerPort.ToString(CultureInfo.InvariantCulture);
            tx.Append($"add rule {t} hostports {daddr}{m.Protocol} dport {m.HostPort} dnat to {to} comment \"{comment}\"\n");
        }
        if (s.Snat)
        {
            var src = s.MasqAll ? (v4 ? "0.0.0.0/0" : "::/0") : ip;
            tx.Append($"add rule {t} masquerading {ipx} saddr {src} {ipx} daddr {ip} masquerade comment \"{comment}\"\n");
            if (v4 && !s.MasqAll)
            {
                tx.Append($"add rule {t} masquerading {ipx} saddr 127.0.0.1 {ipx} daddr {ip} masquerade comment \"{comment}\"\n");
            }
        }
    }

    public static void Add(PortmapSettings s)
    {
        try
        {
            Nftables.Apply(AddTransaction(s));
        }
        catch (PacketFilterException e)
        {
            throw new CniException(CniErrorCode.Internal, "unable to set up nftables rules for port mappings: " + e.Message);
        }
    }

    /// <summary>
    /// Re-applies the attachment in one transaction: its rules that survived are deleted first (so nothing is doubled),
    /// then ADD's statements recreate whatever the operator removed (tables, base chains, rules).
    /// </summary>
    public static void Repair(PortmapSettings s)
    {
        var ours = Comment(s.Network, s.ContainerId);
        var tx = new StringBuilder();
        foreach (var family in new[] { "ip", "ip6" })
        {
            foreach (var r in ListOrNone(family))
            {
                if (RuleChains.Contains(r.Chain) && (r.Comment == ours || r.Comment == s.ContainerId))
                {
                    tx.Append($"delete rule {family} {Table} {r.Chain} handle {r.Handle}\n");
                }
            }
        }
        tx.Append(AddTransaction(s));
        try
        {
            Nftables.Apply(tx.ToString());
        }
        catch (PacketFilterException e)
        {
            throw new CniException(CniErrorCode.Internal, "unable to repair nftables rules for port mappings: " + e.Message);
        }
    }

    /// <summary>Deletes this attachment's rules in both families; also Go's (comment = container ID only), which cannot be told apart by network.</summary>
    public static void Del(string network, string containerId)
    {
        var ours = Comment(network, containerId);
        var tx = new StringBuilder();
        foreach (var family in new[] { "ip", "ip6" })
        {
            foreach (var r in ListOrNone(family))
            {
                if (RuleChains.Contains(r.Chain) && (r.Comment == ours || r.Comment == containerId))
                {
                    tx.Append($"delete rule {family} {Table} {r.Chain} handle {r.Handle}\n");
                }
            }
        }
        if (tx.Length > 0)
        {
            try
            {
                Nftables.Apply(tx.ToString());
            }
            catch (PacketFilterException e)
            {
                throw new CniException(CniErrorCode.Internal, "error deleting nftables rules: " + e.Message);
            }
        }
    }

    private static IReadOnlyList<NftChainRule> ListOrNone(string family)
    {
        try
        {
            return Nftables.ListTableRules(family, Table) ?? [];
        }
        catch (PacketFilterException)
        {
            // No nft binary: nothing of ours can exist.
            return [];
        }
    }

    /// <summary>Go's CHECK: enough of this attachment's rules in <c>hostports</c> and (with SNAT) <c>masquerading</c>.</summary>
    public static void Check(PortmapSettings s, CidrAddress container)
    {
        var v4 = container.IsIPv4;
        var ours = Comment(s.Network, s.ContainerId);
        var rules = (Nftables.ListTableRules(v4 ? "ip" : "ip6", Table) ?? [])
            .Where(r => r.Comment == ours || r.Comment == s.ContainerId).ToList();
        if (rules.Count(r => r.Chain is "hostports" or "hostip_hostports") < s.Mappings.Count(m => m.AppliesTo(v4)))
        {
            throw new CniException(CniErrorCode.Internal, "missing hostport rules in \"hostports\" chain");
        }
        if (s.Snat && rules.Count(r => r.Chain == "masquerading") < (v4 && !s.MasqAll ? 2 : 1))
        {
            throw new CniException(CniErrorCode.Internal, "missing hostport rules in \"masquerading\" chain");
        }
    }
}
