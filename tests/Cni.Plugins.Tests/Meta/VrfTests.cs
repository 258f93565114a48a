using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Meta;

/// <summary>
/// The vrf paths this host's kernel (no vrf module) can run: errors that leave nothing behind and the idempotent DEL.
/// Creating VRFs and moving routes runs in the kernel VM (tests/vm-plugins/vrf.sh).
/// </summary>
[Trait("Category", "Integration")]
public sealed class VrfTests : IDisposable
{
    private const string Prev = "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\",\"sandbox\":\"x\"}],\"ips\":[{\"address\":\"198.18.70.2/24\",\"interface\":0}]}";

    private readonly TestNetns _ns = new("vrf");

    private static string Conf(string vrf, string extra = "") =>
        $"{{\"cniVersion\":\"1.0.0\",\"name\":\"vrftest\",\"type\":\"vrf\",\"vrfname\":\"{vrf}\"{extra}}}";

    private CniBinary.Outcome Run(string command, string conf, string? netns = "") =>
        CniBinary.Exec("vrf", CniBinary.Env(command, containerId: "vrf1", netns: netns == "" ? _ns.Path : netns), conf);

    private string Links() => Shell.Ok("ip", "-n", _ns.Name, "-o", "link", "show");

    private void Veth()
    {
        Shell.Ok("ip", "-n", _ns.Name, "link", "add", "eth0", "type", "veth", "peer", "name", "notvrf");
        Shell.Ok("ip", "-n", _ns.Name, "addr", "add", "198.18.70.2/24", "dev", "eth0");
        Shell.Ok("ip", "-n", _ns.Name, "link", "set", "eth0", "up");
    }

    [Fact]
    public void A_vrf_name_that_is_another_kind_of_link_is_refused_and_nothing_changes()
    {
        Root.Require();
        Veth();
        var before = Links();
        var add = Run("ADD", MetaTestSupport.WithPrev(Conf("notvrf"), Prev));
        Assert.NotEqual(0, add.Exit);
        Assert.Equal("cmdAdd failed: Netlink notvrf is not a VRF", add.Error().Msg);
        Assert.Equal(before, Links());
        Assert.Contains("198.18.70.2/24", Shell.Ok("ip", "-n", _ns.Name, "addr", "show", "eth0"), StringComparison.Ordinal);
        Assert.Equal("Netlink notvrf is not a VRF", Run("CHECK", MetaTestSupport.WithPrev(Conf("notvrf"), Prev)).Error().Msg);
        // DEL does not touch a link that is not a VRF.
        Run("DEL", Conf("notvrf")).Ok();
        Assert.Equal(before, Links());
    }

    [Fact]
    public void Add_without_a_prev_result_or_with_a_bad_name_fails_cleanly()
    {
        Root.Require();
        Veth();
        var before = Links();
        Assert.Equal("missing prevResult from earlier plugin", Run("ADD", Conf("blue")).Error().Msg);
        Assert.Equal("configuration is expected to have a valid vrf name", Run("ADD", MetaTestSupport.WithPrev(Conf(""), Prev)).Error().Msg);
        Assert.Equal(before, Links());
    }

    [Fact]
    public void Del_succeeds_when_there_is_nothing_to_undo()
    {
        Root.Require();
        Run("DEL", Conf("blue")).Ok();
        Veth();
        Run("DEL", Conf("blue")).Ok();
        Run("DEL", Conf("blue"), netns: null).Ok();
        Run("DEL", Conf("blue"), netns: "/var/run/netns/cnit-vrf-gone-00000000").Ok();
        Assert.Contains("eth0", Links(), StringComparison.Ordinal);
    }

    public void Dispose() => _ns.Dispose();
}
