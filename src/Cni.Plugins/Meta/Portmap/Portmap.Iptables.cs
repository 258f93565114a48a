using System.Globalization;
using Cni.Linux.PacketFilter;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Portmap;

/// <summary>
/// The iptables backend: Go's chains, rules and comments, but every change of one family goes in a single
/// <c>iptables-restore --noflush</c> (Go execs once per rule, and twice to check). The common case reads nothing: the
/// batch asserts what must already be there (<c>-C</c>) and creates the container chain (<c>-N</c>), so it fails as a
/// whole when the host is not in the usual state; only then is the table read with one <c>iptables-save</c> (which
/// costs ≈ 5 µs per rule in the table, so it grew with the number of pods) and the batch built from it.
/// </summary>
internal static class PortmapIptables
{
    public const string TopLevelDnat = "CNI-HOSTPORT-DNAT";
    public const string SetMark = "CNI-HOSTPORT-SETMARK";
    public const string MarkMasq = "CNI-HOSTPORT-MASQ";
    public const string LegacySnat = "CNI-HOSTPORT-SNAT";
    private const int MaxCommentLength = 255;
    private const int MultiportLimit = 15;

    public static string DnatChain(string network, string containerId) => ChainNames.Chain(network, containerId, "DN-");

    public static string LegacySnatChain(string network, string containerId) => ChainNames.Chain(network, containerId, "SN-");

    /// <summary>Go's <c>%#x/%#x</c> of <c>1 &lt;&lt; bit</c>, e.g. <c>0x2000/0x2000</c>.</summary>
    public static string MarkDef(int bit)
    {
        var v = "0x" + (1UL << bit).ToString("x", CultureInfo.InvariantCulture);
        return v + "/" + v;
    }

    public static string[] SetMarkRule(int bit) => ["-m", "comment", "--comment", "CNI portfwd masquerade mark", "-j", "MARK", "--set-xmark", MarkDef(bit)];

    public static string[] MasqRule(int bit) => ["-m", "mark", "--mark", MarkDef(bit), "-j", "MASQUERADE"];

    public static string[] MasqEntry => ["-m", "comment", "--comment", "CNI portfwd requiring masquerade", "-j", MarkMasq];

    public static string[] TopLevelEntry => ["-m", "addrtype", "--dst-type", "LOCAL", "-j", TopLevelDnat];

    /// <summary>The jumps from CNI-HOSTPORT-DNAT: per protocol (sorted), per group of at most 15 host ports, with the family's conditions.</summary>
    public static IReadOnlyList<string[]> EntryRules(PortmapSettings s, bool ipv4)
    {
        var comment = $"dnat name: {ChainNames.GoQuote(s.Network)} id: {ChainNames.GoQuote(s.ContainerId)}";
        if (comment.Length > MaxCommentLength)
        {
            comment = comment[..(MaxCommentLength - 2)] + "...";
        }
        var conditions = ipv4 ? s.ConditionsV4 : s.ConditionsV6;
        var chain = DnatChain(s.Network, s.ContainerId);
        var rules = new List<string[]>();
        foreach (var group in s.Mappings.GroupBy(m => m.Protocol).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            foreach (var ports in group.Select(m => m.HostPort.ToString(CultureInfo.InvariantCulture)).Chunk(MultiportLimit))
            {
                rules.Add(["-m", "comment", "--comment", comment, "-m", "multiport", "-p", group.Key, "--destination-ports", string.Join(',', ports),
                    .. conditions, "-j", chain]);
            }
        }
        return rules;
    }

    /// <summary>The container chain: per mapping of this family the hairpin and localhost marks (with SNAT), then the DNAT.</summary>
    public static IReadOnlyList<string[]> DnatRules(PortmapSettings s, CidrAddress container)
    {
        var setMark = s.ExternalSetMarkChain ?? SetMark;
        var rules = new List<string[]>();
        foreach (var m in s.Mappings.Where(m => m.AppliesTo(container.IsIPv4)))
        {
            string[] b = ["-p", m.Protocol, "--dport", m.HostPort.ToString(CultureInfo.InvariantCulture)];
            if (m.HasDestination)
            {
                b = [.. b, "-d", m.HostIPText];
            }
            if (s.Snat)
            {
                rules.Add([.. b, "-s", s.MasqAll ? (container.IsIPv4 ? "0.0.0.0/0" : "::/0") : container.ToString(), "-j", setMark]);
                if (container.IsIPv4 && !s.MasqAll)
                {
                    rules.Add([.. b, "-s", "127.0.0.1", "-j", setMark]);
                }
            }
            var ip = IPText.Format(container.Address);
            var port = m.ContainerPort.ToString(CultureInfo.InvariantCulture);
            rules.Add([.. b, "-j", "DNAT", "--to-destination", container.IsIPv4 ? $"{ip}:{port}" : $"[{ip}]:{port}"]);
        }
        return rules;
    }

    /// <summary>The <c>iptables-restore</c> batch that makes the family's state what ADD wants, given the current table.</summary>
    public static string AddBatch(PortmapSettings s, CidrAddress container, IptablesSnapshot nat)
    {
        var chain = DnatChain(s.Network, s.ContainerId);
        var declare = new List<string>();
        var body = new List<string>();
        void Declare(string c)
        {
            if (!nat.HasChain(c))
            {
                declare.Add($":{c} - [0:0]");
            }
        }
        bool ownMark = s.Snat && s.ExternalSetMarkChain is null;
        if (ownMark)
        {
            Declare(SetMark);
            Declare(MarkMasq);
            var def = MarkDef(s.MarkBit);
            if (!nat.Any(SetMark, "--set-xmark " + def))
            {
                body.Add(IptablesSnapshot.Line("-A", SetMark, SetMarkRule(s.MarkBit)));
            }
            if (!nat.Any(MarkMasq, $"--mark {def} -j MASQUERADE"))
            {
                body.Add(IptablesSnapshot.Line("-A", MarkMasq, MasqRule(s.MarkBit)));
            }
            if (!nat.Any("POSTROUTING", "-j " + MarkMasq))
            {
                body.Add(IptablesSnapshot.Line("-I", "POSTROUTING 1", MasqEntry));
            }
        }
        Declare(TopLevelDnat);
        foreach (var entry in new[] { "PREROUTING", "OUTPUT" })
        {
            if (!nat.Any(entry, "-j " + TopLevelDnat))
            {
                body.Add(IptablesSnapshot.Line("-A", entry, TopLevelEntry));
            }
        }
        // The container chain is declared unconditionally: created, or flushed if a previous ADD left it (Go keeps stale rules).
        declare.Add($":{chain} - [0:0]");
        body.AddRange(StaleEntries(nat, chain).Select(r => $"-D {TopLevelDnat} {r}"));
        body.AddRange(DnatRules(s, container).Select(r => IptablesSnapshot.Line("-A", chain, r)));
        body.AddRange(EntryRules(s, container.IsIPv4).Select(r => IptablesSnapshot.Line("-A", TopLevelDnat, r)));
        return string.Join('\n', ["*nat", .. declare, .. body, "COMMIT", ""]);
    }

    /// <summary>
    /// The batch for the usual ADD, which needs no read: the shared chains and jumps are asserted with <c>-C</c> (Go's own
    /// presence test), the container chain is created with <c>-N</c> (so it cannot have stale entries), then filled and
    /// entered. When an assertion or the <c>-N</c> fails, nothing is applied and <see cref="AddBatch"/> takes over.
    /// </summary>
    public static string NewChainBatch(PortmapSettings s, CidrAddress container)
    {
        var chain = DnatChain(s.Network, s.ContainerId);
        var lines = new List<string> { "*nat" };
        if (s.Snat && s.ExternalSetMarkChain is null)
        {
            lines.Add(IptablesSnapshot.Line("-C", SetMark, SetMarkRule(s.MarkBit)));
            lines.Add(IptablesSnapshot.Line("-C", MarkMasq, MasqRule(s.MarkBit)));
            lines.Add(IptablesSnapshot.Line("-C", "POSTROUTING", MasqEntry));
        }
        lines.Add(IptablesSnapshot.Line("-C", "PREROUTING", TopLevelEntry));
        lines.Add(IptablesSnapshot.Line("-C", "OUTPUT", TopLevelEntry));
        lines.Add("-N " + chain);
        lines.AddRange(DnatRules(s, container).Select(r => IptablesSnapshot.Line("-A", chain, r)));
        lines.AddRange(EntryRules(s, container.IsIPv4).Select(r => IptablesSnapshot.Line("-A", TopLevelDnat, r)));
        return string.Join('\n', [.. lines, "COMMIT", ""]);
    }

    /// <summary>
    /// The batch for the usual DEL, which needs no read: deletes the entries ADD made (by rule), then the container chain
    /// and the legacy SNAT chain (each declared first, so a missing one is no error: declaring creates or flushes it).
    /// It fails as a whole when an entry is missing or another rule still jumps to a chain; then <see cref="DelBatch"/>
    /// takes over.
    /// </summary>
    public static string KnownDelBatch(PortmapSettings s, bool ipv4)
    {
        var lines = new List<string> { "*nat" };
        lines.AddRange(EntryRules(s, ipv4).Select(r => IptablesSnapshot.Line("-D", TopLevelDnat, r)));
        foreach (var chain in new[] { DnatChain(s.Network, s.ContainerId), LegacySnatChain(s.Network, s.ContainerId) })
        {
            lines.Add($":{chain} - [0:0]");
            lines.Add($"-X {chain}");
        }
        return string.Join('\n', [.. lines, "COMMIT", ""]);
    }

    /// <summary>The batch that removes the container chain, the jumps to it and the legacy SNAT chain; null when nothing is there.</summary>
    public static string? DelBatch(string network, string containerId, IptablesSnapshot nat)
    {
        var lines = new List<string>();
        foreach (var (parent, chain) in new[] { (TopLevelDnat, DnatChain(network, containerId)), (LegacySnat, LegacySnatChain(network, containerId)) })
        {
            lines.AddRange(StaleEntries(nat, chain, parent).Select(r => $"-D {parent} {r}"));
            if (nat.HasChain(chain))
            {
                lines.Add($"-F {chain}");
                lines.Add($"-X {chain}");
            }
        }
        return lines.Count == 0 ? null : string.Join('\n', ["*nat", .. lines, "COMMIT", ""]);
    }

    private static IEnumerable<string> StaleEntries(IptablesSnapshot nat, string chain, string parent = TopLevelDnat) =>
        nat.Rules(parent).Where(r => r.EndsWith(" -j " + chain, StringComparison.Ordinal)).ToList();

    public static void Add(PortmapSettings s, CidrAddress container)
    {
        var ipt = Iptables.For(container.IsIPv4);
        try
        {
            try
            {
                ipt.Restore(NewChainBatch(s, container));
                return;
            }
            catch (PacketFilterException)
            {
                // Not the usual state (first mapping on the host, a repeated ADD, a missing jump): read the table.
            }
            ipt.Restore(AddBatch(s, container, IptablesSnapshot.Parse(ipt.Save("nat"))));
        }
        catch (PacketFilterException e)
        {
            throw new CniException(CniErrorCode.Internal, "unable to setup DNAT: " + e.Message);
        }
    }

    /// <summary>
    /// Tears down the given families (both when the attachment's addresses are unknown); a family counts as failed only
    /// when it is usable, both unusable is an error.
    /// </summary>
    /// <returns>Whether any family's tool worked.</returns>
    public static bool Del(PortmapSettings s, IReadOnlyList<bool> families)
    {
        var (network, containerId) = (s.Network, s.ContainerId);
        var unusable = new List<string>();
        foreach (var v4 in families)
        {
            var ipt = Iptables.For(v4);
            try
            {
                ipt.Restore(KnownDelBatch(s, v4));
                continue;
            }
            catch (PacketFilterException)
            {
                // Not exactly what ADD made (or nothing, or the family is unusable): read the table.
            }
            for (int attempt = 0; ; attempt++)
            {
                string save;
                try
                {
                    save = ipt.Save("nat");
                }
                catch (PacketFilterException e)
                {
                    unusable.Add($"({(v4 ? "iptables" : "ip6tables")}) {e.Message}");
                    break;
                }
                if (DelBatch(network, containerId, IptablesSnapshot.Parse(save)) is not { } batch)
                {
                    break;
                }
                try
                {
                    ipt.Restore(batch);
                    break;
                }
                catch (PacketFilterException e) when (attempt < 2)
                {
                    // A parallel DEL removed part of it between our save and restore: read again (upstream #418).
                    _ = e;
                }
                catch (PacketFilterException e)
                {
                    throw new CniException(CniErrorCode.Internal, $"could not teardown {(v4 ? "ipv4" : "ipv6")} dnat: {e.Message}");
                }
            }
        }
        if (unusable.Count == 2)
        {
            throw new CniException(CniErrorCode.Internal, "neither iptables nor ip6tables is usable, " + string.Join(", ", unusable));
        }
        return unusable.Count < families.Count;
    }

    /// <summary>CHECK as Go does it: the chain exists, and every rule and jump is there (<c>-C</c>).</summary>
    public static void Check(PortmapSettings s, CidrAddress container)
    {
        var ipt = Iptables.For(container.IsIPv4);
        var chain = DnatChain(s.Network, s.ContainerId);
        if (!ipt.ChainExists("nat", chain))
        {
            throw new CniException(CniErrorCode.Internal, $"chain {chain} not found in iptables table nat");
        }
        var rules = DnatRules(s, container);
        if (rules.Any(r => !ipt.Exists("nat", chain, r)))
        {
            throw new CniException(CniErrorCode.Internal, $"rule {GoList(rules)} in chain {chain} not found in table nat");
        }
        var entries = EntryRules(s, container.IsIPv4);
        if (entries.Any(r => !ipt.Exists("nat", TopLevelDnat, r)))
        {
            throw new CniException(CniErrorCode.Internal, $"rule {GoList(entries.Select(e => e[..^2]))} in chain {TopLevelDnat} not found in table nat");
        }
    }

    private static string GoList(IEnumerable<string[]> rules) => "[" + string.Join(' ', rules.Select(r => "[" + string.Join(' ', r) + "]")) + "]";
}
