using Cni.Differential.Tests.Harness;
using Xunit;

namespace Cni.Differential.Tests.Cases;

[Trait("Category", "Differential")]
public class MacvlanTests
{
    private static void Master(World w) => w.Host("link", "add", "cnidm0", "type", "veth", "peer", "name", "cnidm1");

    [Theory]
    [MemberData(nameof(Versions.All), MemberType = typeof(Versions))]
    public void Bridge_mode_host_local(string version) => SideBySide.Run($"mv-{version}", "macvlan", w =>
    {
        Master(w);
        BridgeTests.Cycle(w, "macvlan", version,
            $$$"""{"cniVersion":"{{{version}}}","name":"mvnet","type":"macvlan","master":"cnidm0","mode":"bridge","mtu":1400,"ipam":{"type":"host-local","dataDir":"{dataDir}","ranges":[[{"subnet":"198.18.30.0/24","gateway":"198.18.30.1"}]],"routes":[{"dst":"0.0.0.0/0"}]}}""");
    }, alsoNeeds: ["host-local"]);

    [Fact]
    public void Layer2_with_runtime_mac() => SideBySide.Run("mv-l2", "macvlan", w =>
    {
        Master(w);
        BridgeTests.Cycle(w, "macvlan", "1.0.0",
            """{"cniVersion":"1.0.0","name":"mvnet","type":"macvlan","master":"cnidm0","mode":"private","ipam":{},"runtimeConfig":{"mac":"0e:00:00:00:00:30"}}""");
    }, keptMacs: new HashSet<string> { "0e:00:00:00:00:30" });

    [Fact]
    public void Mac_from_cni_args() => SideBySide.Run("mv-args", "macvlan", w =>
    {
        Master(w);
        BridgeTests.Cycle(w, "macvlan", "1.0.0",
            """{"cniVersion":"1.0.0","name":"mvnet","type":"macvlan","master":"cnidm0","ipam":{"type":"static","addresses":[{"address":"198.18.31.5/24"}]}}""",
            args: "IgnoreUnknown=1;MAC=0e:00:00:00:00:31");
    }, keptMacs: new HashSet<string> { "0e:00:00:00:00:31" }, alsoNeeds: ["static"]);
}
