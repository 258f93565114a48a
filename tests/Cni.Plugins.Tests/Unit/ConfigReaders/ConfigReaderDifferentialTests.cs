using Cni.Plugins.Ipam.HostLocal;
using Cni.Plugins.Main.Bridge;
using Cni.Plugins.Meta.Bandwidth;
using Cni.Plugins.Meta.Firewall;
using Cni.Plugins.Meta.Portmap;
using Cni.Plugins.Meta.Tuning;
using Xunit;

namespace Cni.Plugins.Tests.Unit.ConfigReaders;

/// <summary>
/// The hand-written readers of bridge's, host-local's, bandwidth's, portmap's, firewall's and tuning's configs against the source-generated serializer
/// they replace:
/// every input the skeleton lets through must give the same record or the same error text.
/// </summary>
public class ConfigReaderDifferentialTests
{
    /// <summary>Values put in place of every node: wrong types, nulls, number edges, bad text.</summary>
    internal static readonly IReadOnlyList<JsonTree> Values =
    [
        .. new[]
        {
            "\"x\"", "\"\"", "0", "-1", "7", "1.5", "1.0", "-0", "1e2", "2147483647", "2147483648", "-2147483648",
            "-2147483649", "99999999999999999999999", "true", "false", "null", "{}", "[]", "[1]", "[null]", "{\"id\":1}",
            "[{}]", "[[]]", "[[{}]]", "[[null]]", "[\"x\"]", "[{\"id\":\"x\"}]", "\"\\ud800\"", "\"\\u00e9\\u2603\"",
            "\"a" + ReaderDifferential.NotUtf8 + "b\"", "\"\\\"quoted\\\"\"",
        }.Select(t => new Raw(t)),
    ];

    internal static readonly Obj BridgeBase = new(
        ("cniVersion", new Raw("\"1.0.0\"")),
        ("name", new Raw("\"n\u00e9\u2603\U0001F600\"")),
        ("type", new Raw("\"bridge\"")),
        ("bridge", new Raw("\"br0\"")),
        ("isGateway", new Raw("true")),
        ("isDefaultGateway", new Raw("false")),
        ("forceAddress", new Raw("false")),
        ("ipMasq", new Raw("true")),
        ("ipMasqBackend", new Raw("\"iptables\"")),
        ("mtu", new Raw("1400")),
        ("hairpinMode", new Raw("false")),
        ("promiscMode", new Raw("true")),
        ("vlan", new Raw("100")),
        ("vlanTrunk", new Arr(new Obj(("id", new Raw("5"))), new Obj(("minID", new Raw("10")), ("maxID", new Raw("20"))), new Raw("null"))),
        ("preserveDefaultVlan", new Raw("true")),
        ("macSpoofChk", new Raw("true")),
        ("enableDad", new Raw("false")),
        ("disableContainerInterface", new Raw("false")),
        ("portIsolation", new Raw("true")),
        ("ipam", new Obj(("type", new Raw("\"host-local\"")), ("subnet", new Raw("\"198.18.0.0/24\"")))),
        ("unknown", new Obj(("deep", new Arr(new Raw("1"), new Obj(("x", new Raw("null"))))))));

    internal static readonly Obj HostLocalBase = new(
        ("cniVersion", new Raw("\"1.0.0\"")),
        ("name", new Raw("\"n\u00e9\u2603\U0001F600\"")),
        ("type", new Raw("\"bridge\"")),
        ("ipam", new Obj(
            ("type", new Raw("\"host-local\"")),
            ("subnet", new Raw("\"198.18.0.0/24\"")),
            ("rangeStart", new Raw("\"198.18.0.10\"")),
            ("rangeEnd", new Raw("\"198.18.0.20\"")),
            ("gateway", new Raw("\"198.18.0.1\"")),
            ("routes", new Arr(
                new Obj(("dst", new Raw("\"0.0.0.0/0\"")), ("gw", new Raw("\"198.18.0.1\"")), ("mtu", new Raw("1400")),
                    ("advMss", new Raw("1300")), ("priority", new Raw("5")), ("table", new Raw("100")), ("scope", new Raw("0"))),
                new Raw("null"))),
            ("dataDir", new Raw("\"/tmp/x\"")),
            ("resolvConf", new Raw("\"/etc/r\"")),
            ("ranges", new Arr(
                new Arr(new Obj(("subnet", new Raw("\"198.18.1.0/24\"")), ("rangeStart", new Raw("\"198.18.1.5\"")),
                    ("rangeEnd", new Raw("\"198.18.1.9\"")), ("gateway", new Raw("\"198.18.1.1\""))), new Raw("null")),
                new Raw("null"))))),
        ("runtimeConfig", new Obj(
            ("ipRanges", new Arr(new Arr(new Obj(("subnet", new Raw("\"198.18.2.0/24\"")))))),
            ("ips", new Arr(new Raw("\"198.18.0.5\""), new Raw("null"))))),
        ("args", new Obj(("cni", new Obj(("ips", new Arr(new Raw("\"198.18.0.6\""))))))),
        ("other", new Arr(new Obj(("mtu", new Raw("\"not ours\""))))));

    internal static readonly Obj BandwidthBase = new(
        ("cniVersion", new Raw("\"1.0.0\"")),
        ("name", new Raw("\"n\u00e9\u2603\U0001F600\"")),
        ("type", new Raw("\"bandwidth\"")),
        ("ingressRate", new Raw("100000000")),
        ("ingressBurst", new Raw("1000000")),
        ("egressRate", new Raw("18446744073709551615")),
        ("egressBurst", new Raw("0")),
        ("runtimeConfig", new Obj(("bandwidth", new Obj(
            ("ingressRate", new Raw("1")), ("ingressBurst", new Raw("2")), ("egressRate", new Raw("3")), ("egressBurst", new Raw("4")),
            ("other", new Raw("\"x\"")))))),
        ("prevResult", new Obj(("ips", new Arr(new Obj(("address", new Raw("\"198.18.0.2/24\""))))))));

    /// <summary>Spellings of a member name that the serializer's case-insensitive lookup may or may not match.</summary>
    internal static IEnumerable<string> Spellings(string name) =>
    [
        name.ToUpperInvariant(),
        name.ToLowerInvariant(),
        $"\\u{(int)name[0]:x4}{name[1..]}",
        name.Replace('i', '\u0131').Replace('I', '\u0130'),
        name.Replace('s', '\u017f'),
        name.Replace('k', '\u212a').Replace('K', '\u212a'),
        "x" + name,
        name + ReaderDifferential.NotUtf8,
        name + "\\ud800",
    ];

    /// <summary>Each variant on one line, indented with LF, and with CRLF and tabs (line numbers and byte positions).</summary>
    private static IEnumerable<string> Rendered(IEnumerable<JsonTree> trees) =>
        trees.SelectMany(t => new[] { t.Render(), t.Render("\n"), "\r\n " + t.Render("\r\n", "\t") + "\n" });

    private static IEnumerable<string> Corpus(Obj baseTree, IEnumerable<string> extra) =>
        Rendered([baseTree, .. baseTree.ReplaceEach(Values), .. baseTree.RenameEach(Spellings)]).Concat(extra);

    /// <summary>Duplicates and two bad values in both orders: the first bad one in the serializer's order fails.</summary>
    private static IEnumerable<string> Pairs(IEnumerable<string> keys, string[] values)
    {
        var list = keys.ToList();
        foreach (var a in list)
        {
            foreach (var b in list)
            {
                foreach (var va in values)
                {
                    foreach (var vb in values)
                    {
                        yield return $"{{\"name\":\"n\",\"{a}\":{va},\"{b}\":{vb}}}";
                    }
                }
            }
        }
    }

    internal static readonly string[] BridgeKeys =
    [
        "bridge", "isGateway", "isDefaultGateway", "forceAddress", "ipMasq", "ipMasqBackend", "mtu", "hairpinMode",
        "promiscMode", "vlan", "vlanTrunk", "preserveDefaultVlan", "macSpoofChk", "enableDad", "disableContainerInterface",
        "portIsolation", "BRIDGE", "Mtu",
    ];

    [Fact]
    public void Bridge_reader_matches_the_serializer_on_every_mutation()
    {
        var extra = Pairs(BridgeKeys, ["\"x\"", "7", "null", "true"])
            .Append("{\"name\":\"n\"}")
            .Append("{}")
            .Append("{\"bridge\":\"a\",\"vlanTrunk\":[{\"id\":1,\"ID\":\"x\"}],\"BRIDGE\":5}");
        var (compared, differences) = ReaderDifferential.Compare(Corpus(BridgeBase, extra), b => BridgeConfigReader.Read(b),
            OldBridgeJsonContext.Default.BridgeConfig);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.True(compared > 8_000, $"only {compared} inputs reached the plugin");
    }

    [Fact]
    public void HostLocal_reader_matches_the_serializer_on_every_mutation()
    {
        var extra = Pairs(["ipam", "runtimeConfig", "args", "name", "cniVersion", "IPAM"],
                ["{\"subnet\":5}", "{\"cni\":{\"ips\":[5]}}", "{\"ipRanges\":[[{\"subnet\":1}]]}", "null", "[]"])
            .Append("{\"name\":\"n\",\"ipam\":{\"routes\":[{\"mtu\":1,\"MTU\":\"x\"}],\"ROUTES\":[]}}");
        var (compared, differences) = ReaderDifferential.Compare(Corpus(HostLocalBase, extra), b => HostLocalJsonReader.Read(b),
            OldHostLocalJsonContext.Default.HostLocalNet);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.True(compared > 4_000, $"only {compared} inputs reached the plugin");
    }

    [Fact]
    public void Bandwidth_reader_matches_the_serializer_on_every_mutation()
    {
        var extra = Pairs(["ingressRate", "egressBurst", "runtimeConfig", "INGRESSRATE"],
                ["\"x\"", "-1", "1.5", "18446744073709551616", "null", "{\"bandwidth\":{\"ingressRate\":null}}", "{\"bandwidth\":5}"])
            .Append("{\"name\":\"n\"}")
            .Append("{\"name\":\"n\",\"runtimeConfig\":{\"bandwidth\":{\"egressRate\":1,\"EGRESSRATE\":\"x\"},\"BANDWIDTH\":null}}");
        var (compared, differences) = ReaderDifferential.Compare(Corpus(BandwidthBase, extra), b => BandwidthConfigReader.Read(b),
            OldBandwidthJsonContext.Default.BandwidthConfig);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.True(compared > 1_000, $"only {compared} inputs reached the plugin");
    }

    internal static readonly Obj PortmapBase = new(
        ("cniVersion", new Raw("\"1.0.0\"")),
        ("name", new Raw("\"n\u00e9\u2603\U0001F600\"")),
        ("type", new Raw("\"portmap\"")),
        ("backend", new Raw("\"iptables\"")),
        ("snat", new Raw("true")),
        ("masqAll", new Raw("false")),
        ("markMasqBit", new Raw("13")),
        ("externalSetMarkChain", new Raw("\"KUBE-MARK-MASQ\"")),
        ("conditionsV4", new Arr(new Raw("\"-s\""), new Raw("\"198.18.0.0/24\""), new Raw("null"))),
        ("conditionsV6", new Arr(new Raw("\"!\""), new Raw("\"-d\""))),
        ("repair", new Raw("true")),
        ("runtimeConfig", new Obj(("portMappings", new Arr(
            new Obj(("hostPort", new Raw("8080")), ("containerPort", new Raw("80")), ("protocol", new Raw("\"tcp\"")),
                ("hostIP", new Raw("\"198.18.0.1\""))),
            new Obj(("HostPort", new Raw("53")), ("ContainerPort", new Raw("53")), ("Protocol", new Raw("\"udp\"")), ("other", new Raw("1"))),
            new Raw("null"))))),
        ("prevResult", new Obj(("ips", new Arr(new Obj(("address", new Raw("\"198.18.0.2/24\""))))))));

    internal static readonly Obj FirewallBase = new(
        ("cniVersion", new Raw("\"1.0.0\"")),
        ("name", new Raw("\"n\u00e9\u2603\U0001F600\"")),
        ("type", new Raw("\"firewall\"")),
        ("backend", new Raw("\"iptables\"")),
        ("iptablesAdminChainName", new Raw("\"CNI-ADMIN\"")),
        ("firewalldZone", new Raw("\"trusted\"")),
        ("ingressPolicy", new Raw("\"same-bridge\"")),
        ("prevResult", new Obj(("interfaces", new Arr(new Obj(("name", new Raw("\"eth0\""))))))));

    internal static readonly Obj TuningBase = new(
        ("cniVersion", new Raw("\"1.0.0\"")),
        ("name", new Raw("\"n\u00e9\u2603\U0001F600\"")),
        ("type", new Raw("\"tuning\"")),
        ("dataDir", new Raw("\"/tmp/t\"")),
        ("sysctl", new Obj(("net.core.somaxconn", new Raw("\"500\"")), ("plain", new Raw("\"1\"")), ("a'b c", new Raw("\"2\"")),
            ("[x]", new Raw("null")), ("net/ipv4", new Raw("\"3\"")))),
        ("mac", new Raw("\"c2:11:22:33:44:55\"")),
        ("promisc", new Raw("true")),
        ("mtu", new Raw("1400")),
        ("txQLen", new Raw("1000")),
        ("allmulti", new Raw("false")),
        ("ifName", new Raw("\"eth9\"")),
        ("args", new Obj(("cni", new Obj(
            ("sysctl", new Obj(("net.ipv4.conf.IFNAME.arp_filter", new Raw("\"1\"")), ("k", new Raw("\"v\"")))),
            ("mac", new Raw("\"c2:11:22:33:44:66\"")), ("promisc", new Raw("false")), ("mtu", new Raw("1300")),
            ("allmulti", new Raw("true")), ("txQLen", new Raw("10")), ("ifName", new Raw("\"eth8\"")))),
            ("other", new Raw("1")))),
        ("runtimeConfig", new Obj(("mac", new Raw("\"c2:11:22:33:44:77\"")))));

    [Fact]
    public void Portmap_reader_matches_the_serializer_on_every_mutation()
    {
        var extra = Pairs(["snat", "markMasqBit", "conditionsV4", "runtimeConfig", "SNAT", "repair"],
                ["\"x\"", "7", "null", "true", "[5]", "{\"portMappings\":[{\"hostPort\":\"x\",\"protocol\":5}]}"])
            .Append("{\"name\":\"n\"}")
            .Append("{\"name\":\"n\",\"runtimeConfig\":{\"portMappings\":[{\"protocol\":1,\"hostPort\":\"x\"}]}}")
            .Append("{\"name\":\"n\",\"runtimeConfig\":{\"portMappings\":[{\"protocol\":\"tcp\",\"PROTOCOL\":null,\"hostPort\":1}]}}")
            .Append("{\"name\":\"n\",\"runtimeConfig\":{\"portMappings\":[{\"protocol\":\"tcp\",\"PROTOCOL\":5,\"protocol\":[]}]}}")
            .Append("{\"name\":\"n\",\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":1},\n {\"protocol\":false}\n]}}");
        var (compared, differences) = ReaderDifferential.Compare(Corpus(PortmapBase, extra), b => PortmapConfigReader.Read(b),
            OldPortmapJsonContext.Default.PortmapConfig);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.True(compared > 2_000, $"only {compared} inputs reached the plugin");
    }

    [Fact]
    public void Firewall_reader_matches_the_serializer_on_every_mutation()
    {
        var extra = Pairs(["backend", "ingressPolicy", "FIREWALLDZONE", "iptablesAdminChainName"], ["\"x\"", "7", "null", "true", "{}"])
            .Append("{\"name\":\"n\"}");
        var (compared, differences) = ReaderDifferential.Compare(Corpus(FirewallBase, extra), b => FirewallConfigReader.Read(b),
            OldFirewallJsonContext.Default.FirewallConfig);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.True(compared > 1_000, $"only {compared} inputs reached the plugin");
    }

    [Fact]
    public void Tuning_reader_matches_the_serializer_on_every_mutation()
    {
        var extra = Pairs(["sysctl", "mtu", "txQLen", "args", "MTU", "allmulti"],
                ["\"x\"", "7", "null", "true", "{\"a.b\":5}", "{\"cni\":{\"sysctl\":{\"k\":1}}}", "{\"cni\":{\"mtu\":\"x\"}}"])
            .Append("{\"name\":\"n\"}")
            .Append("{\"name\":\"n\",\"args\":{\"cni\":{\"sysctl\":{\"k\":\"1\",\"j\":\"2\",\"k\":\"3\"}}}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"$x\":1}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"x(y)\":1}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"it's\":1}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"a\\\\b\":1}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"\":1}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"\\ud800\":\"1\"}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"a\\tb\":1}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"ok\":\"1\",\"a\\nb\":2}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"ok\":\"1\",\"c\\u2028\":2}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"ok\":\"1\",\"d\\u0085\":2}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"ok\":\"1\",\"e\\fb\":2}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"ok\":\"1\",\"f\\rg\":2}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"ok\":\"1\",\"h\\bi\":2}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"ok\":\"1\",\"j/k\":2}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"ok\":\"1\",\"(l)\":2}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"ok\":\"1\",\"m n\":2}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"\\\"q\":1}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"ok\":\"1\",\"x\\udc00\":\"2\"}}")
            .Append("{\"name\":\"n\",\"sysctl\":{\"\u00e9\u2603\":1}}");
        var (compared, differences) = ReaderDifferential.Compare(Corpus(TuningBase, extra), b => TuningConfigReader.Read(b),
            OldTuningJsonContext.Default.TuningConfig);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.True(compared > 3_000, $"only {compared} inputs reached the plugin");
    }
}
