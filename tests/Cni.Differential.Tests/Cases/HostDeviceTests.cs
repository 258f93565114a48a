using Cni.Differential.Tests.Harness;
using Xunit;

namespace Cni.Differential.Tests.Cases;

[Trait("Category", "Differential")]
public class HostDeviceTests
{
    [Theory]
    [InlineData("0.3.1")]
    [InlineData("1.0.0")]
    public void Move_in_and_back_with_static_ipam(string version) => SideBySide.Run($"hd-{version}", "host-device", w =>
    {
        w.Host("link", "add", "cnidhd0", "type", "veth", "peer", "name", "cnidhd1");
        w.Host("link", "set", "cnidhd0", "mtu", "1450");
        BridgeTests.Cycle(w, "host-device", version,
            $$$"""{"cniVersion":"{{{version}}}","name":"hdnet","type":"host-device","device":"cnidhd0","ipam":{"type":"static","addresses":[{"address":"198.18.40.5/24","gateway":"198.18.40.1"},{"address":"fd00:40::5/64"}],"routes":[{"dst":"198.18.41.0/24"}]}}""",
            ifname: "net1");
    }, version == "1.0.0" ? [.. Known, RouteCheck] : Known, alsoNeeds: ["static"]);

    private static readonly Known[] Known =
    [
        Harness.Known.Upstream(@"^after DEL: host/link\[cnidhd0\]\.ifalias = ""cnidhd0""", null, "DEL clears the alias that carried the original name"),
        new(@"^DEL again: ", @"^DEL again: exit = 0", "Go's second DEL fails (failed to find \"net1\": Link not found); a DEL must succeed when there is nothing left to remove"),
    ];

    private static readonly Known RouteCheck = new(@"^CHECK: ", @"^CHECK: exit = 0",
        "Go's CHECK looks for the IPAM route without its gateway although its own ADD installed it via the IP's gateway, so CHECK fails right after ADD");

    [Fact]
    public void Device_from_runtime_config_without_ipam() => SideBySide.Run("hd-devid", "host-device", w =>
    {
        w.Host("link", "add", "cnidhd2", "type", "veth", "peer", "name", "cnidhd3");
        BridgeTests.Cycle(w, "host-device", "1.0.0",
            """{"cniVersion":"1.0.0","name":"hdnet","type":"host-device","runtimeConfig":{"deviceID":"cnidhd2"}}""", ifname: "net1");
    }, known:
    [
        new(@"^ADD: out\.msg = ""error with host device: lstat /sys/bus/pci/devices/cnidhd2", @"^ADD: out\.msg = ""runtime config DeviceID cnidhd2 not found or unsupported""",
            "a deviceID that is neither a PCI address nor an auxiliary device: Go fails on the lstat, ours says so (code 7)"),
        new(@"^DEL( again)?: ", @"^DEL( again)?: exit = 0", "Go's DEL fails for a deviceID that does not exist; ours has nothing to remove and succeeds"),
    ]);
}
