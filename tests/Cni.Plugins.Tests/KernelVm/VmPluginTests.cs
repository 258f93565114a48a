using Xunit;

namespace Cni.Plugins.Tests.KernelVm;

/// <summary>dummy, ipvlan and vlan end to end, in a VM whose kernel has them (this host's does not).</summary>
[Trait("Category", "KernelVm")]
public sealed class VmPluginTests(VmPluginRun run) : IClassFixture<VmPluginRun>
{
    [Theory]
    [InlineData("dummy")]
    [InlineData("ipvlan")]
    [InlineData("vlan")]
    [InlineData("vrf")]
    public void Every_check_of_the_plugin_passes(string plugin)
    {
        Assert.True(run.Error is null, run.Error);
        var mine = run.Results.Where(r => r.Key.StartsWith(plugin + "/", StringComparison.Ordinal)).ToList();
        Assert.True(mine.Count > 0, $"no checks reported for {plugin}:\n{run.Output}");
        var failed = mine.Where(r => r.Value is not null).Select(r => $"{r.Key}: {r.Value}").ToList();
        Assert.True(failed.Count == 0, string.Join('\n', failed) + "\n" + run.Output);
    }
}
