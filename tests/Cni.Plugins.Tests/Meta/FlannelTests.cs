using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Meta;

/// <summary>flannel through the real binary with a hand-written subnet.env; a test namespace plays the host.</summary>
[Trait("Category", "Integration")]
public sealed class FlannelTests : IDisposable
{
    private readonly TestNetns _host = new("flhost");
    private readonly TestNetns _ctr = new("flctr");
    private readonly string _dir = Directory.CreateTempSubdirectory("cni-flannel-").FullName;
    private readonly string _bridge = "cnifl" + Guid.NewGuid().ToString("N")[..6];

    private string Conf() =>
        $"{{\"cniVersion\":\"1.0.0\",\"name\":\"fltest\",\"type\":\"flannel\",\"subnetFile\":\"{_dir}/subnet.env\",\"dataDir\":\"{_dir}/data\"," +
        $"\"delegate\":{{\"bridge\":\"{_bridge}\"}},\"ipam\":{{\"dataDir\":\"{_dir}/ipam\"}}}}";

    private CniBinary.Outcome Run(string command, string conf) =>
        MetaTestSupport.ExecIn(_host.Name, "flannel", MetaTestSupport.Env(command, "flc1", _ctr.Path), conf);

    [Fact]
    public void Add_builds_a_bridge_on_the_node_subnet_saves_the_delegate_and_del_removes_everything()
    {
        Root.Require();
        File.WriteAllLines(Path.Combine(_dir, "subnet.env"),
            ["FLANNEL_NETWORK=198.18.0.0/16", "FLANNEL_SUBNET=198.18.81.1/24", "FLANNEL_MTU=1400", "FLANNEL_IPMASQ=true"]);
        var add = Run("ADD", Conf()).Ok();
        Assert.Contains("198.18.81.2/24", add.Stdout, StringComparison.Ordinal);
        var saved = File.ReadAllText(Path.Combine(_dir, "data", "flc1"));
        Assert.Equal(
            $"{{\"bridge\":\"{_bridge}\",\"cniVersion\":\"1.0.0\",\"ipMasq\":false,\"ipam\":{{\"dataDir\":\"{_dir}/ipam\",\"ranges\":[[{{\"subnet\":\"198.18.81.0/24\"}}]]," +
            "\"routes\":[{\"dst\":\"198.18.0.0/16\"}],\"type\":\"host-local\"},\"isGateway\":true,\"mtu\":1400,\"name\":\"fltest\",\"type\":\"bridge\"}",
            saved);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dir, "data", "flc1")));
        Assert.Contains("198.18.81.1/24", Shell.Ok("ip", "-n", _host.Name, "addr", "show", _bridge), StringComparison.Ordinal);
        Assert.Contains("mtu 1400", Shell.Ok("ip", "-n", _ctr.Name, "link", "show", "eth0"), StringComparison.Ordinal);
        Assert.Contains("198.18.0.0/16 via 198.18.81.1 dev eth0", Shell.Ok("ip", "-n", _ctr.Name, "route"), StringComparison.Ordinal);
        Assert.Equal(0, Shell.Run("ip", "netns", "exec", _ctr.Name, "ping", "-c", "1", "-W", "2", "198.18.81.1").Exit);

        Run("CHECK", MetaTestSupport.WithPrev(Conf(), add.Stdout)).Ok();

        Run("DEL", Conf()).Ok();
        Assert.False(File.Exists(Path.Combine(_dir, "data", "flc1")));
        Assert.NotEqual(0, Shell.Run("ip", "-n", _ctr.Name, "link", "show", "eth0").Exit);
        Assert.DoesNotContain(Directory.GetFiles(Path.Combine(_dir, "ipam", "fltest")), f => f.EndsWith("198.18.81.2", StringComparison.Ordinal));
        // Nothing saved any more: DEL is still a success, CHECK says what is missing.
        Run("DEL", Conf()).Ok();
        Assert.Contains("no delegate config saved", Run("CHECK", MetaTestSupport.WithPrev(Conf(), add.Stdout)).Error().Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_without_a_subnet_file_fails_and_saves_nothing()
    {
        Root.Require();
        var e = Run("ADD", Conf()).Error();
        Assert.Equal($"loadFlannelSubnetEnv failed: open {_dir}/subnet.env: no such file or directory", e.Msg);
        Assert.False(Directory.Exists(Path.Combine(_dir, "data")));
        Assert.NotEqual(0, Shell.Run("ip", "-n", _ctr.Name, "link", "show", "eth0").Exit);
    }

    public void Dispose()
    {
        _ctr.Dispose();
        _host.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
