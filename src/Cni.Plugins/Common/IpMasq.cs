using Cni.Linux.PacketFilter;

namespace Cni.Plugins.Common;

/// <summary>Masquerade for the container's addresses (bridge, ptp <c>ipMasq</c>), with Go's chains, rules and comments.</summary>
internal static class IpMasq
{
    private const string NftTable = "cni_plugins_masquerade";
    private const string NftChecks = "masq_checks";

    public static void Setup(string? backend, IReadOnlyList<CidrAddress> ips, string network, string ifName, string containerId)
    {
        if (string.IsNullOrEmpty(backend))
        {
            // Go's default (iptables unless it is unusable and nftables usable), tried rather than probed: a working
            // iptables costs no `iptables -S INPUT 1` per ADD; only a failure asks which backend should have been used.
            try
            {
                SetupIptables(ips, network, containerId);
            }
            catch (PacketFilterException) when (!Iptables.V4.IsUsable() && Nftables.IsUsable())
            {
                SetupNftables(ips, network, ifName, containerId);
            }
            return;
        }
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

    /// <summary>
    /// Go's layout in one <c>iptables-restore --noflush</c> per family, without reading the table: the batch creates the
    /// chain with <c>-N</c>, which fails (and the transaction with it) when the chain exists. A new chain can have no
    /// POSTROUTING jump yet, so every jump is added. Only when that fails (a repeated ADD, a leftover) is the nat table
    /// read once (<c>iptables-save</c>, which costs ≈ 5 µs per rule in the table) and the chain refilled with Go's rules in
    /// Go's order (AppendUnique over the addresses) and a POSTROUTING jump added only where missing: idempotent.
    /// </summary>
    private static void SetupIptables(IReadOnlyList<CidrAddress> ips, string network, string containerId)
    {
        var chain = ChainNames.Chain(network, containerId);
        var comment = ChainNames.Comment(network, containerId);
        foreach (var family in ips.GroupBy(ip => ip.IsIPv4))
        {
            var ipt = Iptables.For(family.Key);
            try
            {
                ipt.Restore(SetupBatch(family.Key, [.. family], chain, comment, null));
                continue;
            }
            catch (PacketFilterException)
            {
                // The chain exists (or iptables fails, which the read below reports).
            }
            var nat = IptablesSnapshot.Parse(ipt.Save("nat"));
            ipt.Restore(SetupBatch(family.Key, [.. family], chain, comment, nat));
        }
    }

    /// <summary>
    /// The restore input of <see cref="SetupIptables"/> for one family, given the nat table as it is; with no table, the
    /// batch that creates the chain (<c>-N</c>, failing when it exists) and every jump.
    /// </summary>
    internal static string SetupBatch(bool ipv4, IReadOnlyList<CidrAddress> ips, string chain, string comment, IptablesSnapshot? nat)
    {
        var rules = new List<string[]>();
        foreach (var ip in ips)
        {
            string[] accept = ["-d", ip.ToString(), "-j", "ACCEPT", "-m", "comment", "--comment", comment];
            string[] masq = ["!", "-d", ipv4 ? "224.0.0.0/4" : "ff00::/8", "-j", "MASQUERADE", "-m", "comment", "--comment", comment];
            foreach (var rule in new[] { accept, masq }.Where(r => !rules.Any(x => x.SequenceEqual(r))))
            {
                rules.Add(rule);
            }
        }
        var batch = new System.Text.StringBuilder("*nat\n");
        if (nat is null)
        {
            batch.Append("-N ").Append(chain).Append('\n');
        }
        else
        {
            // Declaring a chain that exists flushes it under --noflush; the explicit flush says so.
            batch.Append(':').Append(chain).Append(" - [0:0]\n-F ").Append(chain).Append('\n');
        }
        foreach (var rule in rules)
        {
            batch.Append(IptablesSnapshot.Line("-A", chain, rule)).Append('\n');
        }
        foreach (var ip in ips.DistinctBy(ip => ip.Address))
        {
            var source = IPText.Format(ip.Address) + (ipv4 ? "/32" : "/128");
            if (nat is null || !nat.Rules("POSTROUTING").Any(r => (" " + r + " ").Contains($" -s {source} ", StringComparison.Ordinal) && r.EndsWith(" -j " + chain, StringComparison.Ordinal)))
            {
                batch.Append(IptablesSnapshot.Line("-A", "POSTROUTING", ["-s", IPText.Format(ip.Address), "-j", chain, "-m", "comment", "--comment", comment])).Append('\n');
            }
        }
        return batch.Append("COMMIT\n").ToString();
    }

    /// <summary>
    /// Removes every POSTROUTING jump to the chain (both of Go's <c>-s</c> forms, and any address) and the chain, by its
    /// name. With the addresses known, first one <c>iptables-restore</c> per family deletes the jumps ADD made, then the
    /// chain, without reading the table; it fails as a whole when anything else is there (a missing jump, another jump
    /// to the chain) and then, as with no addresses, the table is read (one save and at most one restore per family).
    /// With no addresses (the link is gone) both families are cleaned, where Go leaks the chain.
    /// </summary>
    private static void TeardownIptables(IReadOnlyList<CidrAddress> ips, string network, string containerId)
    {
        var chain = ChainNames.Chain(network, containerId);
        var comment = ChainNames.Comment(network, containerId);
        var families = ips.Count == 0 ? [true, false] : ips.Select(ip => ip.IsIPv4).Distinct().ToArray();
        foreach (var v4 in families)
        {
            var ipt = Iptables.For(v4);
            if (ips.Count > 0)
            {
                try
                {
                    ipt.Restore(KnownTeardownBatch([.. ips.Where(ip => ip.IsIPv4 == v4)], chain, comment));
                    continue;
                }
                catch (PacketFilterException)
                {
                    // Not exactly what ADD made (or nothing): read the table.
                }
            }
            // A concurrent DEL of the same attachment (a runtime's DEL racing its GC) can remove the rules between
            // the save and the restore, and the restore then fails: read again and retry, as Go ignores "does not exist".
            for (int attempt = 1; ; attempt++)
            {
                var nat = ips.Count == 0 ? IptablesSnapshot.TryRead(ipt, "nat") : IptablesSnapshot.Parse(ipt.Save("nat"));
                if (nat is null || TeardownBatch(chain, nat) is not { } batch)
                {
                    break;
                }
                try
                {
                    ipt.Restore(batch);
                    break;
                }
                catch (PacketFilterException) when (attempt < 5)
                {
                    // Read the table again.
                }
            }
        }
    }

    /// <summary>The restore input that deletes the jumps <see cref="SetupBatch"/> adds for these addresses, then the chain (fails unless exactly those are there).</summary>
    internal static string KnownTeardownBatch(IReadOnlyList<CidrAddress> ips, string chain, string comment)
    {
        var batch = new System.Text.StringBuilder("*nat\n");
        foreach (var ip in ips.DistinctBy(ip => ip.Address))
        {
            batch.Append(IptablesSnapshot.Line("-D", "POSTROUTING", ["-s", IPText.Format(ip.Address), "-j", chain, "-m", "comment", "--comment", comment])).Append('\n');
        }
        return batch.Append("-F ").Append(chain).Append("\n-X ").Append(chain).Append("\nCOMMIT\n").ToString();
    }

    /// <summary>The restore input that removes the chain and the jumps to it; null when there is nothing to remove.</summary>
    internal static string? TeardownBatch(string chain, IptablesSnapshot nat)
    {
        var jumps = nat.Rules("POSTROUTING").Where(r => r.EndsWith(" -j " + chain, StringComparison.Ordinal) || r.Contains(" -j " + chain + " ", StringComparison.Ordinal)).ToList();
        if (jumps.Count == 0 && !nat.HasChain(chain))
        {
            return null;
        }
        var batch = new System.Text.StringBuilder("*nat\n");
        foreach (var rule in jumps)
        {
            batch.Append("-D POSTROUTING ").Append(rule).Append('\n');
        }
        if (nat.HasChain(chain))
        {
            batch.Append("-F ").Append(chain).Append("\n-X ").Append(chain).Append('\n');
        }
        return batch.Append("COMMIT\n").ToString();
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
