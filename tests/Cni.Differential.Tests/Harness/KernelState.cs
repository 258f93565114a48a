namespace Cni.Differential.Tests.Harness;

/// <summary>
/// Reads one namespace's network state in one process (<c>ip netns exec</c>, which also gives it that namespace's
/// <c>/sys</c>): links, addresses, routes and rules of every table, bridge ports and VLANs, qdiscs and ingress
/// filters, iptables and ip6tables, nft tables other than iptables-nft's own, and the per-interface sysctls.
/// </summary>
internal static class KernelState
{
    public sealed record Section(string Name, bool Json);

    private static readonly (Section Section, string Command)[] Sections =
    [
        (new("link", true), "ip -j -d link show"),
        (new("addr", true), "ip -j addr show"),
        (new("route4", true), "ip -j -4 route show table all"),
        (new("route6", true), "ip -j -6 route show table all"),
        (new("rule4", true), "ip -j -4 rule show"),
        (new("rule6", true), "ip -j -6 rule show"),
        (new("bridge-link", true), "bridge -j -d link show"),
        (new("bridge-vlan", true), "bridge -j vlan show"),
        (new("qdisc", false), "tc qdisc show"),
        (new("filter", false), "for d in $(ls /sys/class/net); do tc filter show dev $d parent ffff: | sed \"s/^/$d: /\"; done"),
        (new("iptables", false), "iptables-save"),
        (new("ip6tables", false), "ip6tables-save"),
        (new("nft", false), "nft list tables | while read -r _ fam tab; do case \"$fam $tab\" in ip\\ nat|ip\\ filter|ip\\ mangle|ip\\ raw|ip6\\ nat|ip6\\ filter|ip6\\ mangle|ip6\\ raw) ;; *) nft list table $fam $tab;; esac; done"),
        (new("sysctl", false), "sysctl -a 2>/dev/null | grep -E '^net\\.(ipv4\\.(ip_forward|conf\\.)|ipv6\\.conf\\.)' | grep -v -E 'stable_secret|\\.default\\.'"),
    ];

    public static IEnumerable<(Section Section, string Text)> Read(string netns)
    {
        var script = string.Join('\n', Sections.Select(s => $"echo '@@{s.Section.Name}'; {s.Command} 2>/dev/null"));
        var output = Shell.Run("ip", "netns", "exec", netns, "sh", "-c", script);
        if (output.Exit != 0 && output.Stdout.Length == 0)
        {
            throw new InvalidOperationException($"reading the state of {netns} failed: {output.Stderr}");
        }
        var parts = output.Stdout.Split("@@");
        foreach (var part in parts.Skip(1))
        {
            var nl = part.IndexOf('\n', StringComparison.Ordinal);
            var name = nl < 0 ? part : part[..nl];
            var section = Sections.First(s => s.Section.Name == name).Section;
            yield return (section, nl < 0 ? "" : part[(nl + 1)..]);
        }
    }
}
