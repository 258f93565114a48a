namespace Cni.Linux.Tests.KernelVm;

/// <summary>
/// Cni.Linux on link types the host kernel lacks (dummy, ipvlan, vlan, vrf, bridge VLAN filtering), run inside a
/// VM booting Debian's stock kernel: one boot for the class (<see cref="KernelVmRun"/>), one test per check.
/// Needs artifacts/vmtests/Cni.Linux.VmTests (scripts/build.sh) and tests/kernelvm/setup.sh done once as root.
/// </summary>
[Trait("Category", "KernelVm")]
public sealed class KernelVmTests(KernelVmRun vm) : IClassFixture<KernelVmRun>
{
    /// <summary>Every check Cni.Linux.VmTests prints; a new check there must be listed here too.</summary>
    private static readonly string[] s_checks =
    [
        "dummy-create", "dummy-delete",
        "ipvlan-l2", "ipvlan-l3", "ipvlan-l3s", "ipvlan-into-netns",
        "vlan-8021q", "vlan-8021ad", "vlan-into-netns", "vlan-exists-error",
        "vrf-create",
        "bridge-vlan-filtering", "bridge-port-vlan",
    ];

    public static TheoryData<string> Checks => new(s_checks);

    [Theory]
    [MemberData(nameof(Checks))]
    public void Check_passes_in_the_vm(string check)
    {
        RequireRun();
        Assert.True(vm.Results.TryGetValue(check, out var failure), $"{check} printed neither PASS nor FAIL\n{vm.Transcript()}");
        Assert.True(failure is null, $"FAIL {check}: {failure}");
    }

    [Fact]
    public void The_vm_runs_exactly_the_listed_checks_and_exits_with_their_verdict()
    {
        RequireRun();
        TestContext.Current.SendDiagnosticMessage($"kernel VM: boot + {vm.Results.Count} checks in {vm.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(s_checks.Order(), vm.Results.Keys.Order());
        Assert.Equal(vm.Results.Values.Any(f => f is not null) ? 1 : 0, vm.ExitCode);
    }

    private void RequireRun()
    {
        if (vm.Error is not null)
            Assert.Fail($"{vm.Error}\n{vm.Transcript()}");
    }
}
