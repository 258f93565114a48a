using Cni.Differential.Tests.Harness;
using Xunit;

namespace Cni.Differential.Tests.Cases;

/// <summary>Bad configs and bad environments: the error code and message of Go and ours, side by side.</summary>
[Trait("Category", "Differential")]
public class ErrorTests
{
    public static readonly TheoryData<string, string, string, string?> Cases = new()
    {
        { "bad-json", "bridge", """{"cniVersion":"1.0.0","name":"x","type":"bridge" """, null },
        { "no-name", "bridge", """{"cniVersion":"1.0.0","type":"bridge"}""", null },
        { "bad-name", "ptp", """{"cniVersion":"1.0.0","name":"a b","type":"ptp"}""", null },
        { "bad-version", "bridge", """{"cniVersion":"9.9.9","name":"x","type":"bridge"}""", null },
        { "mtu-string", "bridge", """{"cniVersion":"1.0.0","name":"x","type":"bridge","mtu":"1500"}""", null },
        { "unknown-args", "bridge", """{"cniVersion":"1.0.0","name":"x","type":"bridge","ipam":{}}""", "FOO=bar" },
        { "bad-args-pair", "macvlan", """{"cniVersion":"1.0.0","name":"x","type":"macvlan","master":"lo","ipam":{}}""", "IgnoreUnknown=1;MAC" },
        { "hl-bad-subnet", "host-local", """{"cniVersion":"1.0.0","name":"x","type":"bridge","ipam":{"type":"host-local","dataDir":"{dataDir}","subnet":"198.18.80.0/33"}}""", null },
        { "hl-no-range", "host-local", """{"cniVersion":"1.0.0","name":"x","type":"bridge","ipam":{"type":"host-local","dataDir":"{dataDir}"}}""", null },
        { "static-no-ipam", "static", """{"cniVersion":"1.0.0","name":"x","type":"bridge"}""", null },
        { "macvlan-no-master-link", "macvlan", """{"cniVersion":"1.0.0","name":"x","type":"macvlan","master":"cnidnope","ipam":{}}""", null },
        { "ipam-missing-plugin", "ptp", """{"cniVersion":"1.0.0","name":"x","type":"ptp","ipam":{"type":"cnid-nope"}}""", null },
        { "ptp-no-ipam", "ptp", """{"cniVersion":"1.0.0","name":"x","type":"ptp"}""", null },
        { "hostdev-none", "host-device", """{"cniVersion":"1.0.0","name":"x","type":"host-device"}""", null },
    };

    /// <summary>Differences in errors that are deliberate (docs/DIFFERENCES.md).</summary>
    private static readonly Known[] Deliberate =
    [
        new(@"^ADD: out\.code = 999$", @"^ADD: out\.code = 4$", "CNI_ARGS errors: the spec's code 4 (invalid environment variable), Go says 999"),
        new(null, @"^ADD: out\.details = ""CNI_ARGS""$", "CNI_ARGS errors name the variable in details"),
        new(@"^ADD: out\.code = 999$", @"^ADD: out\.code = 7$", "plugin lookup failures (failed to find plugin) are code 7 (invalid network config), Go says 999"),
        new(@"^ADD: out\.msg = ""failed to find plugin ..cnid-nope.. in path \[/usr/lib/cni\]""", @"^ADD: out\.msg = ""failed to find plugin ..cnid-nope.. in path \[/tmp/cnid-bin-\d+\]""",
            "the plugin path in the message is each implementation's own CNI_PATH"),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Same_error(string name, string plugin, string conf, string? args) => SideBySide.Run($"err-{name}", plugin, w =>
    {
        var ctr = w.Container();
        w.Exec("ADD", plugin, "ADD", conf, ctr, args: args);
        w.Observe("after ADD");
    }, name switch
    {
        "unknown-args" or "bad-args-pair" => [Deliberate[0], Deliberate[1]],
        "ipam-missing-plugin" => [Deliberate[3]],
        "bad-version" => [new(@"^ADD: out\.details = .*1\.0\.0..\]""$", @"^ADD: out\.details = .*1\.0\.0.. ..1\.1\.0..\]""$", "we also support spec 1.1.0 (Debian's Go build stops at 1.0.0)")],
        "macvlan-no-master-link" => [Known.Upstream(@"^ADD: out\.msg = ""Link not found""$", @"^ADD: out\.msg = ""failed to lookup master ..cnidnope..: Link not found""$", "the message names the master")],
        "mtu-string" => [new(@"^ADD: out\.msg = ""failed to load netconf: json: cannot unmarshal string into Go struct field NetConf\.mtu of type int""$", @"^ADD: out\.msg = ""failed to load netconf: The JSON value could not be converted to .*Path: \$\.mtu.*""$", "type errors name the JSON path in .NET's words; same prefix and code")],
        "ptp-no-ipam" => [new(null, @"^ADD: out\.details = .*ipam.*", "ours also says which key is missing")],
        "hl-bad-subnet" => [Known.Upstream(@"^ADD: out\.msg = ""invalid CIDR address: 198\.18\.80\.0/33""$", @"^ADD: out\.msg = ""invalid range set 0: invalid CIDR address: 198\.18\.80\.0/33""$", "current upstream wraps range errors with the range set's index")],
        _ => [],
    });

    [Fact]
    public void Bad_environment() => SideBySide.Run("err-env", "bridge", w =>
    {
        var ctr = w.Container();
        var conf = """{"cniVersion":"1.0.0","name":"x","type":"bridge","ipam":{}}""";
        w.Exec("no ifname", "bridge", "ADD", conf, ctr, ifname: null);
        w.Exec("long ifname", "bridge", "ADD", conf, ctr, ifname: "abcdefghijklmnop");
        w.Exec("bad ifname", "bridge", "ADD", conf, ctr, ifname: "a/b");
        w.Exec("bad container id", "bridge", "ADD", conf, ctr, containerId: "-bad");
        w.Exec("unknown command", "bridge", "FOO", conf, ctr);
        w.Exec("CHECK on 0.3.1", "bridge", "CHECK", conf.Replace("1.0.0", "0.3.1", StringComparison.Ordinal), ctr);
        w.Exec("DEL without netns", "bridge", "DEL", conf, null);
    });
}
