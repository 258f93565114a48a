using System.Text;
using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Meta.Vrf;
using Xunit;

namespace Cni.Plugins.Tests.Meta;

public sealed class VrfUnitTests
{
    private static VrfConfig Load(string body) => VrfPlugin.Load(new PluginRequest
    {
        Command = CniCommand.Add,
        ContainerId = "c1",
        IfName = "eth0",
        Config = NetworkConfig.Parse(Encoding.UTF8.GetBytes("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"vrf\"" + body + "}")),
    });

    private static Link L(int index, string kind, uint? table = null) =>
        new() { Index = index, Name = "l" + index, Kind = kind, VrfTable = table };

    [Fact]
    public void Keys_are_read_in_any_case_and_table_defaults_to_auto()
    {
        Assert.Equal(("blue", 0u), (Load(",\"vrfname\":\"blue\"").VrfName, Load(",\"vrfname\":\"blue\"").Table));
        var c = Load(",\"VRFName\":\"red\",\"TABLE\":42");
        Assert.Equal(("red", 42u), (c.VrfName, c.Table));
    }

    [Theory]
    [InlineData("", "configuration is expected to have a valid vrf name")]
    [InlineData(",\"vrfname\":\"\"", "configuration is expected to have a valid vrf name")]
    [InlineData(",\"vrfname\":\"a-name-longer-than-15\"", "vrfname \"a-name-longer-than-15\" is not a valid interface name")]
    [InlineData(",\"vrfname\":\"../x\"", "vrfname \"../x\" is not a valid interface name")]
    [InlineData(",\"vrfname\":\"a b\"", "vrfname \"a b\" is not a valid interface name")]
    [InlineData(",\"vrfname\":\"blue\",\"table\":-1", "failed to load netconf")]
    [InlineData(",\"vrfname\":\"blue\",\"table\":\"7\"", "failed to load netconf")]
    public void Bad_config_is_rejected_before_touching_anything(string body, string message)
    {
        var e = Assert.Throws<CniException>(() => Load(body));
        Assert.Equal(CniErrorCode.InvalidNetworkConfig, e.Code);
        Assert.StartsWith(message, e.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Free_table_is_the_lowest_unused_by_a_vrf()
    {
        Assert.Equal(1u, VrfPlugin.FreeTable([]));
        Assert.Equal(1u, VrfPlugin.FreeTable([L(1, "veth"), L(2, "vrf", 2)]));
        Assert.Equal(3u, VrfPlugin.FreeTable([L(1, "vrf", 1), L(2, "vrf", 2), L(3, "vrf", 4)]));
        // Non-VRF links never take a table, whatever they are (Go: "ignore non-VRF").
        Assert.Equal(2u, VrfPlugin.FreeTable([L(1, "vrf", 1), L(2, "bridge"), L(3, "dummy")]));
        var many = Enumerable.Range(1, 999).Select(i => L(i, "vrf", (uint)i)).ToList();
        Assert.Equal(1000u, VrfPlugin.FreeTable(many));
    }
}
