using Cni.Linux.PacketFilter;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Firewall;

/// <summary>
/// The iptables backend: Go's <c>CNI-FORWARD</c> / admin chain layout and ingress-policy isolation chains in the
/// filter table, each family changed by one <c>iptables-restore --noflush</c> built from one <c>iptables-save</c>.
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
            if (!filter.Rules(PrivChain).Contains(Save(rule)))
            {
                body.Add(IptablesSnapshot.Line("-A", PrivChain, rule));
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
