using Cni.Differential.Tests.Harness;
using Xunit;

namespace Cni.Differential.Tests.Cases;

[Trait("Category", "Differential")]
public class PtpTests
{
    [Theory]
    [MemberData(nameof(Versions.All), MemberType = typeof(Versions))]
    public void Masquerade_v4(string version) => SideBySide.Run($"ptp-v4-{version}", "ptp", w => BridgeTests.Cycle(w, "ptp", version,
        $$$"""{"cniVersion":"{{{version}}}","name":"ptpnet","type":"ptp","ipMasq":true,"ipam":{"type":"host-local","dataDir":"{dataDir}","ranges":[[{"subnet":"198.18.20.0/24"}]],"routes":[{"dst":"0.0.0.0/0"}]}}"""),
        alsoNeeds: ["host-local"]);

    [Fact]
    public void Dual_stack_mtu_dns() => SideBySide.Run("ptp-dual", "ptp", w => BridgeTests.Cycle(w, "ptp", "1.0.0",
        """{"cniVersion":"1.0.0","name":"ptpnet","type":"ptp","ipMasq":true,"mtu":1380,"dns":{"nameservers":["198.18.21.53"],"search":["example.test"]},"ipam":{"type":"host-local","dataDir":"{dataDir}","ranges":[[{"subnet":"198.18.21.0/24"}],[{"subnet":"fd00:21::/64"}]],"routes":[{"dst":"0.0.0.0/0"},{"dst":"::/0"}]}}"""),
        alsoNeeds: ["host-local"]);
}
