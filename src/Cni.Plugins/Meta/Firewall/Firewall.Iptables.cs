using Cni.Linux.PacketFilter;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Firewall;

/// <summary>
/// The iptables backend: Go's <c>CNI-FORWARD</c> / admin chain layout and ingress-policy isolation chains in the
/// filter table, each family changed by one <c>iptables-restore --noflush</c>, usually built from <c>CNI-FORWARD</c> alone
/// (<c>iptables-save</c> of the table costs ≈ 5 µs per rule, and CNI-FORWARD holds two per pod of every network).
/// </summary>
internal static class FirewallIptables
{
    public const string PrivChain = "CNI-FORWARD";
    public const string Stage1 = "CNI-ISOLATION-STAGE-1";
    public const string Stage2 = "CNI-ISOLATION-STAGE-2";

    public static string[] ForwardJump => ["-m", "comment", "--comment", "CNI firewall plugin rules", "-j", PrivChain];

    public static string[] AdminJump(string admin) => ["-m", "comment", "--comment", "CNI firewall plugin admin overrides", "-j", admin];

    public static IReadOnlyList<string[]> IpRules(string ip) =>
    [
        ["-d", ip, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"],
        ["-s", ip, "-j", "ACCEPT"],
    ];

    private static string Save(string[] rule) => string.Join(' ', rule.Select(IptablesSnapshot.Quote));

    public static string AddBatch(IptablesSnapshot filter, string admin, IEnumerable<string> ips, string? bridge, string policy)
    {
        var declare = new List<string>();
        var body = new List<string>();
        foreach (var chain in new[] { PrivChain, admin })
        {
            if (!filter.HasChain(chain))
            {
                declare.Add($":{chain} - [0:0]");
            }
        }
        if (!filter.Any("FORWARD", "-j " + PrivChain))
        {
            body.Add(IptablesSnapshot.Line("-I", "FORWARD 1", ForwardJump));
        }
        if (!filter.Any(PrivChain, "-j " + admin))
        {
            body.Add(IptablesSnapshot.Line("-I", PrivChain + " 1", AdminJump(admin)));
        }
        foreach (var rule in ips.SelectMany(IpRules))
        {
            var line = IptablesSnapshot.Line("-A", PrivChain, rule);
            if (!filter.Rules(PrivChain).Contains(Save(rule)) && !body.Contains(line))
            {
                body.Add(line);
            }
        }
        if (bridge is not null)
        {
            IngressPolicy(filter, bridge, policy, declare, body);
        }
        return string.Join('\n', ["*filter", .. declare, .. body, "COMMIT", ""]);
    }

    /// <summary>Only the ingress-policy chains: Go installs them with raw iptables even when firewalld is the backend.</summary>
    public static string IngressBatch(IptablesSnapshot filter, string bridge, string policy)
    {
        var declare = new List<string>();
        var body = new List<string>();
        IngressPolicy(filter, bridge, policy, declare, body);
        return string.Join('\n', ["*filter", .. declare, .. body, "COMMIT", ""]);
    }

    /// <summary>
    /// Go's isolation chains: traffic from one CNI bridge to another is dropped; with <c>isolated</c> also within the bridge.
    /// The comment match comes before the target, as <c>iptables-save</c> prints it, so presence is a plain text match
    /// (iptables compares rules parsed, so Go's <c>-C</c> finds these too).
    /// </summary>
    private static void IngressPolicy(IptablesSnapshot filter, string bridge, string policy, List<string> declare, List<string> body)
    {
        var literal = "CNI firewall plugin rules (ingressPolicy: same-bridge|isolated)";
        var actual = $"CNI firewall plugin rules (ingressPolicy: {policy})";
        void Ensure(string chain, string op, string[] rule)
        {
            var saved = Save(rule);
            if (!filter.Rules(chain).Contains(saved))
            {
                body.Add(IptablesSnapshot.Line(op == "-I" ? "-I" : "-A", op == "-I" ? chain + " 1" : chain, rule));
            }
        }
        foreach (var chain in new[] { Stage1, Stage2 })
        {
            if (!filter.HasChain(chain))
            {
                declare.Add($":{chain} - [0:0]");
            }
        }
        Ensure("FORWARD", "-I", ["-m", "comment", "--comment", literal, "-j", Stage1]);
        Ensure(Stage1, "-I", ["-i", bridge, "!", "-o", bridge, "-m", "comment", "--comment", actual, "-j", Stage2]);
        if (policy == "isolated")
        {
            Ensure(Stage1, "-I", ["-i", bridge, "-o", bridge, "-m", "comment", "--comment", actual, "-j", "DROP"]);
        }
        Ensure(Stage1, "-A", ["-m", "comment", "--comment", literal, "-j", "RETURN"]);
        Ensure(Stage2, "-I", ["-o", bridge, "-m", "comment", "--comment", literal, "-j", "DROP"]);
        Ensure(Stage2, "-A", ["-m", "comment", "--comment", literal, "-j", "RETURN"]);
    }

    /// <summary>
    /// The usual ADD (no ingress policy) from <c>CNI-FORWARD</c> alone (<c>iptables -S CNI-FORWARD</c>, not the whole
    /// table): asserts the FORWARD jump with <c>-C</c> (Go's test) and appends the address rules that are missing. Null
    /// when the chain or its admin jump is missing: then <see cref="AddBatch"/> works from the whole table.
    /// </summary>
    public static string? KnownAddBatch(IptablesSnapshot forward, string admin, IEnumerable<string> ips)
    {
        if (!forward.HasChain(PrivChain) || !forward.Any(PrivChain, "-j " + admin))
        {
            return null;
        }
        var body = new List<string> { IptablesSnapshot.Line("-C", "FORWARD", ForwardJump) };
        foreach (var rule in ips.SelectMany(IpRules))
        {
            // Go's AppendUnique: an address listed twice gets its rules once.
            var line = IptablesSnapshot.Line("-A", PrivChain, rule);
            if (!forward.Rules(PrivChain).Contains(Save(rule)) && !body.Contains(line))
            {
                body.Add(line);
            }
        }
        return string.Join('\n', ["*filter", .. body, "COMMIT", ""]);
    }

    /// <summary>
    /// ADD for one family. Without an ingress policy: one <c>iptables -S CNI-FORWARD</c> and one restore
    /// (<see cref="KnownAddBatch"/>); when that cannot be used or fails, and with a policy, one <c>iptables-save</c> and
    /// one restore (<see cref="AddBatch"/>).
    /// </summary>
    public static void Add(bool v4, string admin, IReadOnlyList<string> ips, string? bridge, string policy)
    {
        if (bridge is null)
        {
            var ipt = Iptables.For(v4);
            try
            {
                var forward = IptablesSnapshot.Parse(string.Join('\n', ipt.List("filter", PrivChain)));
                if (KnownAddBatch(forward, admin, ips) is { } known)
                {
                    ipt.Restore(known);
                    return;
                }
            }
            catch (PacketFilterException)
            {
                // No CNI-FORWARD yet, or no FORWARD jump: the whole table decides.
            }
        }
        Apply(v4, filter => AddBatch(filter, admin, ips, bridge, policy));
    }

    /// <summary>
    /// DEL for one family: one restore deleting the address rules ADD made, which fails as a whole when one is missing;
    /// then one <c>iptables-save</c> and a restore of what is there (<see cref="DelBatch"/>).
    /// </summary>
    public static void Del(bool v4, IReadOnlyList<string> ips)
    {
        try
        {
            Iptables.For(v4).Restore(KnownDelBatch(ips));
            return;
        }
        catch (PacketFilterException)
        {
            // Not all there: delete what is.
        }
        Apply(v4, filter => DelBatch(filter, ips));
    }

    /// <summary>The restore input that deletes the address rules ADD makes; it fails as a whole when one is missing.</summary>
    public static string KnownDelBatch(IEnumerable<string> ips) =>
        string.Join('\n', ["*filter", .. ips.SelectMany(IpRules).Select(r => IptablesSnapshot.Line("-D", PrivChain, r)).Distinct(), "COMMIT", ""]);

    public static string? DelBatch(IptablesSnapshot filter, IEnumerable<string> ips)
    {
        var lines = ips.SelectMany(IpRules).Select(Save).Where(filter.Rules(PrivChain).Contains).Distinct().Select(r => $"-D {PrivChain} {r}").ToList();
        return lines.Count == 0 ? null : string.Join('\n', ["*filter", .. lines, "COMMIT", ""]);
    }

    public static void Apply(bool v4, Func<IptablesSnapshot, string?> batch)
    {
        var ipt = Iptables.For(v4);
        try
        {
            if (batch(IptablesSnapshot.Parse(ipt.Save("filter"))) is { } b)
            {
                ipt.Restore(b);
            }
        }
        catch (PacketFilterException e)
        {
            throw new CniException(CniErrorCode.Internal, e.Message);
        }
    }

    public static void Check(IptablesSnapshot filter, string admin, IEnumerable<string> ips)
    {
        if (!filter.Rules("FORWARD").Contains(Save(ForwardJump)))
        {
            throw new CniException(CniErrorCode.Internal, $"expected FORWARD rule {string.Join(' ', ForwardJump)} not found");
        }
        if (!filter.Rules(PrivChain).Contains(Save(AdminJump(admin))))
        {
            throw new CniException(CniErrorCode.Internal, $"expected {PrivChain} rule {string.Join(' ', AdminJump(admin))} not found");
        }
        foreach (var rule in ips.SelectMany(IpRules))
        {
            if (!filter.Rules(PrivChain).Contains(Save(rule)))
            {
                throw new CniException(CniErrorCode.Internal, $"expected rule {string.Join(' ', rule)} not found");
            }
        }
    }
}
