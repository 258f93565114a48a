using System.Text;
using Cni.Linux.PacketFilter;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Firewall;

/// <summary>
/// Our nftables variant of the same policy, in one <c>inet cni_firewall</c> table: <c>forward</c> jumps to
/// <c>isolation</c>, <c>admin</c> (left to operators) and <c>containers</c>, whose per-address accepts carry the
/// attachment's comment so DEL needs no prevResult. Note that an nftables accept only ends this table's chain:
/// a drop policy in another table still applies, as nftables defines it.
/// </summary>
internal static class FirewallNftables
{
    public const string Table = "inet cni_firewall";
    private const string TableName = "cni_firewall";

    public static string Comment(string network, string ifName, string containerId) => IpMasq.NftComment(network, ifName, containerId);

    public static string AddTransaction(string comment, IEnumerable<(bool V4, string Ip)> ips, string? bridge, string policy, IReadOnlyList<NftChainRule> existing)
    {
        var tx = new StringBuilder();
        tx.Append($"add table {Table} {{ comment \"CNI firewall plugin\" ; }}\n");
        tx.Append($"add chain {Table} forward {{ type filter hook forward priority 0 ; }}\n");
        foreach (var chain in new[] { "isolation", "to_bridges", "admin", "containers" })
        {
            tx.Append($"add chain {Table} {chain}\n");
        }
        tx.Append($"flush chain {Table} forward\n");
        tx.Append($"add rule {Table} forward jump isolation\n");
        tx.Append($"add rule {Table} forward jump admin\n");
        tx.Append($"add rule {Table} forward jump containers\n");
        foreach (var r in existing.Where(r => r.Chain == "containers" && r.Comment == comment))
        {
            tx.Append($"delete rule {Table} containers handle {r.Handle}\n");
        }
        foreach (var (v4, ip) in ips)
        {
            var f = v4 ? "ip" : "ip6";
            tx.Append($"add rule {Table} containers {f} daddr {ip} ct state related,established accept comment \"{comment}\"\n");
            tx.Append($"add rule {Table} containers {f} saddr {ip} accept comment \"{comment}\"\n");
        }
        if (bridge is not null)
        {
            var tag = $"bridge: {bridge}";
            if (!existing.Any(r => r.Chain == "to_bridges" && r.Comment == tag))
            {
                tx.Append($"add rule {Table} to_bridges oifname \"{bridge}\" drop comment \"{tag}\"\n");
            }
            var policyTag = $"bridge: {bridge} ({policy})";
            if (!existing.Any(r => r.Chain == "isolation" && r.Comment == policyTag))
            {
                if (policy == "isolated")
                {
                    tx.Append($"add rule {Table} isolation iifname \"{bridge}\" oifname \"{bridge}\" drop comment \"{policyTag}\"\n");
                }
                tx.Append($"add rule {Table} isolation iifname \"{bridge}\" oifname != \"{bridge}\" jump to_bridges comment \"{policyTag}\"\n");
            }
        }
        return tx.ToString();
    }

    public static IReadOnlyList<NftChainRule> List() => Nftables.ListTableRules("inet", TableName) ?? [];

    public static void Apply(string tx)
    {
        try
        {
            Nftables.Apply(tx);
        }
        catch (PacketFilterException e)
        {
            throw new CniException(CniErrorCode.Internal, e.Message);
        }
    }

    public static void Del(string comment)
    {
        var tx = string.Concat(List().Where(r => r.Chain == "containers" && r.Comment == comment).Select(r => $"delete rule {Table} containers handle {r.Handle}\n"));
        if (tx.Length > 0)
        {
            Apply(tx);
        }
    }

    public static void Check(string comment, int addresses)
    {
        if (List().Count(r => r.Chain == "containers" && r.Comment == comment) < 2 * addresses)
        {
            throw new CniException(CniErrorCode.Internal, $"expected rules for \"{comment}\" not found in table {Table}");
        }
    }
}
