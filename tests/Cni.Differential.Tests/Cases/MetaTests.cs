using System.Text.Json.Nodes;
using Cni.Differential.Tests.Harness;
using Xunit;

namespace Cni.Differential.Tests.Cases;

/// <summary>
/// The chained plugins, each after a bridge + host-local attachment, run as libcni runs a conflist: ADD in order,
/// CHECK in order and DEL in reverse with the cached result, then DEL again. Compared: every result, and the host and
/// container namespaces' links, addresses, routes, rules, qdiscs, filters, iptables/ip6tables and sysctls.
/// </summary>
[Trait("Category", "Differential")]
public class MetaTests
{
    private const string V4 = """{"type":"host-local","dataDir":"{dataDir}","ranges":[[{"subnet":"198.18.150.0/24"}]]}""";
    private const string Dual = """{"type":"host-local","dataDir":"{dataDir}","ranges":[[{"subnet":"198.18.151.0/24"}],[{"subnet":"fd00:151::/64"}]]}""";

    private static JsonObject Chain(string ipam, params string[] meta) => JsonNode.Parse($$"""
        {"cniVersion":"1.0.0","name":"metanet","plugins":[
          {"type":"bridge","bridge":"cnidbr0","isGateway":true,"ipMasq":true,"ipam":{{ipam}}}
          {{string.Concat(meta.Select(m => "," + m))}}]}
        """)!.AsObject();

    private static void Cycle(World w, JsonObject list)
    {
        var ctr = w.Container();
        var result = w.AddList("ADD", list, ctr);
        w.Observe("after ADD");
        w.RunList("CHECK", "CHECK", list, result, ctr);
        w.RunList("DEL", "DEL", list, result, ctr);
        w.Observe("after DEL");
        w.RunList("DEL again", "DEL", list, result, ctr);
    }

    private static readonly string[] Needs = ["bridge", "host-local"];

    private const string Mappings = """
        "runtimeConfig":{"portMappings":[{"hostPort":18080,"containerPort":80,"protocol":"tcp"},{"hostPort":18053,"containerPort":53,"protocol":"udp"}]}
        """;

    [Fact]
    public void Portmap_tcp_and_udp_v4() => SideBySide.Run("meta-portmap-v4", "portmap",
        w => Cycle(w, Chain(V4, $$"""{"type":"portmap","capabilities":{"portMappings":true},{{Mappings}}}""")),
        known: [.. PortmapKnown, Ip6tablesTouched], alsoNeeds: Needs);

    [Fact]
    public void Portmap_dual_stack_snat_off() => SideBySide.Run("meta-portmap-dual", "portmap",
        w => Cycle(w, Chain(Dual, $$"""{"type":"portmap","snat":false,"capabilities":{"portMappings":true},{{Mappings}}}""")),
        known: [.. PortmapKnown, BridgeTests.GatewayNoDad], alsoNeeds: Needs);

    private static readonly Known Ip6tablesTouched = new(@"^after DEL: host/ip6tables (\*nat|:[A-Z]+ ACCEPT \[-\]|COMMIT)$", null,
        "Go's portmap DEL makes an empty ip6tables nat table when the attachment had no IPv6 mapping; ours leaves ip6tables alone");

    private static readonly Known[] PortmapKnown =
    [
        new(@"^CHECK\[1\]: ", @"^CHECK\[1\]: exit = 0$",
            "Go v1.1.1's portmap CHECK looks for its IPv4 DNAT rules in the IPv6 table and always fails; ours checks each family's rules"),
    ];

    [Fact]
    public void Tuning_sysctl_mtu_promisc_mac() => SideBySide.Run("meta-tuning", "tuning",
        w => Cycle(w, Chain(V4, """{"type":"tuning","sysctl":{"net.ipv4.conf.eth0.arp_ignore":"1","net.ipv4.conf.eth0.rp_filter":"2"},"mtu":1400,"promisc":true,"mac":"0e:00:00:00:01:50"}""")),
        keptMacs: new HashSet<string> { "0e:00:00:00:01:50" }, alsoNeeds: Needs);

    [Fact]
    public void Bandwidth_ingress_and_egress() => SideBySide.Run("meta-bandwidth", "bandwidth",
        w => Cycle(w, Chain(V4, """{"type":"bandwidth","ingressRate":8000000,"ingressBurst":16000,"egressRate":4000000,"egressBurst":8000}""")),
        known: [new(@"^after ADD: host/filter <veth1>:( \taction order 2: mirred \(Egress Redirect to device bwp[0-9a-f]+\) pass| \tindex 2 ref 1 bind 1)?$", null,
            "Go v1.1.1 puts a second mirred action (pass) behind the first (stolen) on the egress filter; it can never run. Ours attaches one redirect; the shaping is the same"),
            new(@"^after ADD: host/(link\[bwp[0-9a-f]+\]\.inet6_addr_gen_mode = ""eui64""|route6\[fe80::/64 bwp[0-9a-f]+\]\..*|sysctl net\.ipv6\.conf\.bwp[0-9a-f]+\.addr_gen_mode = 0)$",
                @"^after ADD: host/(link\[bwp[0-9a-f]+\]\.inet6_addr_gen_mode = ""none""|addr\[bwp[0-9a-f]+\]\.addr_info = \[\]|sysctl net\.ipv6\.conf\.bwp[0-9a-f]+\.addr_gen_mode = 1)$",
                "ours makes the ifb with addrgenmode none: it only receives redirected packets, so no IPv6 link-local address, no fe80::/64 route beside every other interface's, no DAD or MLD work")],
        alsoNeeds: Needs);

    [Fact]
    public void Firewall_iptables_dual_stack() => SideBySide.Run("meta-firewall", "firewall",
        w => Cycle(w, Chain(Dual, """{"type":"firewall","backend":"iptables"}""")),
        known: [BridgeTests.GatewayNoDad], alsoNeeds: Needs);

    [Fact]
    public void Sbr_after_ptp() => SideBySide.Run("meta-sbr", "sbr", w => Cycle(w, JsonNode.Parse("""
        {"cniVersion":"1.0.0","name":"metanet","plugins":[
          {"type":"ptp","ipam":{"type":"host-local","dataDir":"{dataDir}","ranges":[[{"subnet":"198.18.152.0/24","gateway":"198.18.152.1"}]],"routes":[{"dst":"0.0.0.0/0"}]}},
          {"type":"sbr"}]}
        """)!.AsObject()), known:
    [
        new(@"^CHECK\[0\]: out\.msg = ""Failed to find Gateway 198\.18\.152\.1 for interface eth0""$", @"^CHECK\[0\]: out\.msg = ""Expected Route \{Dst:0\.0\.0\.0/0 GW:\} not found in routing table""$",
            "sbr moves the default route out of the main table, so ptp's CHECK fails in both; Go's ptp checks the gateway address first, ours the routes first"),
        new(@"^DEL again\[1\]: (exit = 1|out\.msg = ""Failed to get link eth0: Link not found"")$", @"^DEL again\[1\]: exit = 0$",
            "a second DEL after the interface is gone: Go's sbr fails, ours succeeds (the spec: DEL of a missing attachment is not an error)"),
    ], alsoNeeds: ["ptp", "host-local"]);

    private static readonly JsonObject FullChain = Chain(Dual,
        $$"""{"type":"portmap","capabilities":{"portMappings":true},{{Mappings}}}""",
        """{"type":"firewall","backend":"iptables"}""",
        """{"type":"tuning","sysctl":{"net.ipv4.conf.eth0.arp_ignore":"1"}}""",
        """{"type":"bandwidth","ingressRate":8000000,"ingressBurst":16000,"egressRate":4000000,"egressBurst":8000}""");

    /// <summary>A 5-plugin chain added by one implementation and deleted by the other leaves what was there before.</summary>
    [Theory]
    [InlineData(Impl.Go, Impl.Ours)]
    [InlineData(Impl.Ours, Impl.Go)]
    public void Chain_added_by_one_deleted_by_the_other(Impl adder, Impl deleter)
    {
        foreach (var p in new[] { "bridge", "host-local", "portmap", "firewall", "tuning", "bandwidth" })
        {
            PluginDirs.Require(p);
        }
        using var w = new World(adder, $"mix-chain-{adder}", Guid.NewGuid().ToString("N")[..6], new HashSet<string>());
        var ctr = w.Container();
        w.Host("link", "add", "cnidbr0", "type", "bridge");
        var before = Settled(w.Observe("state"));
        var all = Enumerable.Repeat<Impl?>(adder, 6).ToList();
        var result = w.AddList("ADD", FullChain, ctr, impls: all);
        Assert.NotNull(result);
        w.RunList("DEL by the other", "DEL", FullChain, result, ctr, impls: Enumerable.Repeat<Impl?>(deleter, 6).ToList());
        Assert.All(w.Trace.Where(l => l.StartsWith("DEL by the other", StringComparison.Ordinal) && l.Contains(": exit = ", StringComparison.Ordinal)),
            l => Assert.EndsWith(": exit = 0", l));
        var after = Settled(w.Observe("state"));
        SideBySide.Compare($"mix-chain-{adder}", before, after, []);
    }

    /// <summary>Besides what <see cref="MixedTests.Strip"/> leaves out: the top-level chains both implementations keep for the next pod.</summary>
    private static List<string> Settled(List<string> lines) => [.. MixedTests.Strip(lines).Where(l =>
        !l.EndsWith(" disk data/metanet/ mode=0755", StringComparison.Ordinal) && !System.Text.RegularExpressions.Regex.IsMatch(l, @"ip6?tables (:CNI-(HOSTPORT-(DNAT|SETMARK|MASQ)|FORWARD|ADMIN) |-A (PREROUTING|OUTPUT|POSTROUTING|FORWARD|CNI-HOSTPORT-SETMARK|CNI-HOSTPORT-MASQ|CNI-FORWARD) .*(CNI-HOSTPORT|CNI-FORWARD|CNI-ADMIN|0x2000)|\*filter|:(INPUT|FORWARD|OUTPUT) ACCEPT)"))];
}
