using CsCheck;
using Cni.Plugins.Ipam.HostLocal;
using Cni.Plugins.Main.Bridge;
using Cni.Plugins.Meta.Portmap;
using Cni.Plugins.Meta.Tuning;
using Xunit;

namespace Cni.Plugins.Tests.Unit.ConfigReaders;

/// <summary>
/// Random configs shaped like bridge's, host-local's, portmap's and tuning's (known keys in random spellings and order, duplicates, unknown
/// keys, wrong types anywhere, random layout): the hand-written readers and the old serializer agree on every one.
/// </summary>
public class ConfigReaderPropertyTests
{
    private static Gen<T> Pick<T>(params T[] items) => Gen.Int[0, items.Length - 1].Select(i => items[i]);

    private static readonly Gen<JsonTree> AnyValue = Pick([.. ConfigReaderDifferentialTests.Values]);

    private static readonly Gen<JsonTree> Str = Gen.OneOf(
        Pick("\"br0\"", "\"198.18.0.0/24\"", "\"198.18.0.9\"", "\"\"", "\"fd00::1\"", "\"/tmp/x\"").Select(t => (JsonTree)new Raw(t)),
        Gen.String[Gen.Char.AlphaNumeric, 0, 8].Select(s => (JsonTree)new Raw($"\"{s}\"")));

    private static readonly Gen<JsonTree> Int = Gen.OneOf(
        Gen.Int.Select(i => (JsonTree)new Raw(i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        Gen.Long.Select(i => (JsonTree)new Raw(i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        Gen.Int[0, 4094].Select(i => (JsonTree)new Raw(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    private static readonly Gen<JsonTree> Bool = Pick<JsonTree>(new Raw("true"), new Raw("false"));

    /// <summary>A value of the right shape most of the time, anything from the odd-value list otherwise.</summary>
    private static Gen<JsonTree> Mostly(Gen<JsonTree> shaped) => Gen.Frequency((6, shaped), (1, AnyValue));

    private static Gen<JsonTree> List(Gen<JsonTree> element) => element.List[0, 3].Select(items => (JsonTree)new Arr(items));

    /// <summary>An object with some of <paramref name="members"/> (any spelling, maybe twice) and unknown keys, shuffled.</summary>
    private static Gen<JsonTree> Object(params (string Name, Gen<JsonTree> Value)[] members)
    {
        var known = Gen.Int[0, members.Length - 1].SelectMany(i =>
            Gen.Select(Spelling(members[i].Name), Mostly(members[i].Value), (n, v) => (n, v)));
        var unknown = Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 1, 6], AnyValue, (n, v) => ("u" + n, v));
        return Gen.Frequency((5, known), (1, unknown)).List[0, members.Length + 2].Select(list => (JsonTree)new Obj(list));
    }

    private static Gen<string> Spelling(string name) =>
        Gen.Frequency((6, Gen.Const(name)), (2, Pick([.. ConfigReaderDifferentialTests.Spellings(name)])));

    private static Gen<JsonTree> Root(params (string, Gen<JsonTree>)[] members) =>
        Object([("cniVersion", Gen.Const<JsonTree>(new Raw("\"1.0.0\""))), ("name", Gen.Const<JsonTree>(new Raw("\"n\""))), .. members]);

    private static readonly Gen<JsonTree> Trunk = Object(("id", Int), ("minID", Int), ("maxID", Int));

    private static readonly Gen<JsonTree> BridgeGen = Root(
        [.. ConfigReaderDifferentialTests.BridgeKeys.Take(16).Select(k => (k, k switch
        {
            "bridge" or "ipMasqBackend" => Str,
            "mtu" or "vlan" => Int,
            "vlanTrunk" => List(Mostly(Trunk)),
            _ => Bool,
        }))]);

    private static readonly Gen<JsonTree> Range = Object(("subnet", Str), ("rangeStart", Str), ("rangeEnd", Str), ("gateway", Str));
    private static readonly Gen<JsonTree> RangeSets = List(Mostly(List(Mostly(Range))));
    private static readonly Gen<JsonTree> Ips = List(Mostly(Str));

    private static readonly Gen<JsonTree> HostLocalGen = Root(
        ("ipam", Object(("type", Gen.Const<JsonTree>(new Raw("\"host-local\""))), ("subnet", Str), ("rangeStart", Str),
            ("rangeEnd", Str), ("gateway", Str), ("dataDir", Str), ("resolvConf", Str), ("ranges", RangeSets),
            ("routes", List(Mostly(Object(("dst", Str), ("gw", Str), ("mtu", Int), ("advMss", Int), ("priority", Int),
                ("table", Int), ("scope", Int))))))),
        ("runtimeConfig", Object(("ipRanges", RangeSets), ("ips", Ips))),
        ("args", Object(("cni", Object(("ips", Ips))))));

    private static readonly Gen<JsonTree> Mapping = Object(("hostPort", Int), ("containerPort", Int), ("protocol", Str), ("hostIP", Str));

    private static readonly Gen<JsonTree> PortmapGen = Root(
        ("backend", Str), ("snat", Bool), ("masqAll", Bool), ("markMasqBit", Int), ("externalSetMarkChain", Str),
        ("conditionsV4", Ips), ("conditionsV6", Ips), ("repair", Bool),
        ("runtimeConfig", Object(("portMappings", List(Mostly(Mapping))))));

    /// <summary>A sysctl map: keys with the characters that put a key in the <c>['...']</c> form of an error path.</summary>
    private static readonly Gen<JsonTree> Sysctls = Object(
        ("net.core.somaxconn", Str), ("plain", Str), ("a b", Str), ("x(y)", Str), ("it's", Str), ("[k]", Str), ("$d", Str),
        ("s/t", Str), ("c\\u2028", Str));

    private static readonly Gen<JsonTree> TuningGen = Root(
        ("dataDir", Str), ("sysctl", Sysctls), ("mac", Str), ("promisc", Bool), ("mtu", Int), ("txQLen", Int),
        ("allmulti", Bool), ("ifName", Str),
        ("args", Object(("cni", Object(("sysctl", Sysctls), ("mac", Str), ("promisc", Bool), ("mtu", Int), ("allmulti", Bool),
            ("txQLen", Int), ("ifName", Str))))));

    private static readonly Gen<string?> Layout = Pick<string?>(null, "\n", "\r\n");

    private static Gen<string> Texts(Gen<JsonTree> tree) => Gen.Select(tree, Layout, (t, newline) => t.Render(newline));

    [Fact]
    public void Bridge_reader_agrees_with_the_serializer_on_random_configs()
    {
        int reached = 0;
        Texts(BridgeGen).Sample(text =>
        {
            var json = ReaderDifferential.Bytes(text);
            if (ReaderDifferential.ReachesPlugin(json))
            {
                Interlocked.Increment(ref reached);
                var type = OldBridgeJsonContext.Default.BridgeConfig;
                Assert.Equal(ReaderDifferential.Old(json, type), ReaderDifferential.New(json, b => BridgeConfigReader.Read(b), type));
            }
        }, iter: 3000);
        Assert.True(reached > 1000, $"only {reached} of 3000 configs reached the plugin");
    }

    [Fact]
    public void HostLocal_reader_agrees_with_the_serializer_on_random_configs()
    {
        int reached = 0;
        Texts(HostLocalGen).Sample(text =>
        {
            var json = ReaderDifferential.Bytes(text);
            if (ReaderDifferential.ReachesPlugin(json))
            {
                Interlocked.Increment(ref reached);
                var type = OldHostLocalJsonContext.Default.HostLocalNet;
                Assert.Equal(ReaderDifferential.Old(json, type), ReaderDifferential.New(json, b => HostLocalJsonReader.Read(b), type));
            }
        }, iter: 3000);
        Assert.True(reached > 1000, $"only {reached} of 3000 configs reached the plugin");
    }

    [Fact]
    public void Portmap_reader_agrees_with_the_serializer_on_random_configs()
    {
        int reached = 0;
        Texts(PortmapGen).Sample(text =>
        {
            var json = ReaderDifferential.Bytes(text);
            if (ReaderDifferential.ReachesPlugin(json))
            {
                Interlocked.Increment(ref reached);
                var type = OldPortmapJsonContext.Default.PortmapConfig;
                Assert.Equal(ReaderDifferential.Old(json, type), ReaderDifferential.New(json, b => PortmapConfigReader.Read(b), type));
            }
        }, iter: 3000);
        Assert.True(reached > 1000, $"only {reached} of 3000 configs reached the plugin");
    }

    [Fact]
    public void Tuning_reader_agrees_with_the_serializer_on_random_configs()
    {
        int reached = 0;
        Texts(TuningGen).Sample(text =>
        {
            var json = ReaderDifferential.Bytes(text);
            if (ReaderDifferential.ReachesPlugin(json))
            {
                Interlocked.Increment(ref reached);
                var type = OldTuningJsonContext.Default.TuningConfig;
                Assert.Equal(ReaderDifferential.Old(json, type), ReaderDifferential.New(json, b => TuningConfigReader.Read(b), type));
            }
        }, iter: 3000);
        Assert.True(reached > 1000, $"only {reached} of 3000 configs reached the plugin");
    }
}
