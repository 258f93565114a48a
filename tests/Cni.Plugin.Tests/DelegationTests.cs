using System.Text;
using Cni.Plugin;
using Xunit;

namespace Cni.Plugin.Tests;

public class DelegationTests
{
    private static PluginRequest Request(string path, string ipamType) => new()
    {
        Command = CniCommand.Add,
        ContainerId = "ctr",
        IfName = "eth0",
        Path = path,
        Config = NetworkConfig.Parse(Encoding.UTF8.GetBytes($"{{\"cniVersion\":\"1.0.0\",\"name\":\"d\",\"ipam\":{{\"type\":\"{ipamType}\"}}}}")),
    };

    [Theory]
    [InlineData("../host-local")]
    [InlineData("/usr/lib/cni/host-local")]
    public void A_delegate_type_with_a_path_is_refused(string type)
    {
        var e = Assert.Throws<CniException>(() => Delegation.Add(Request("/usr/lib/cni", type), type));
        Assert.Equal((CniErrorCode.InvalidNetworkConfig, "invalid plugin name: " + type), (e.Code, e.Msg));
    }

    [Fact]
    public void A_missing_delegate_names_the_search_path()
    {
        var e = Assert.Throws<CniException>(() => Delegation.Del(Request("/nonexistent-a:/nonexistent-b", "nope"), "nope"));
        Assert.Equal("failed to find plugin \"nope\" in path [/nonexistent-a /nonexistent-b]", e.Msg);
    }

    [Fact]
    public void Delegation_without_cni_path_is_code_4() =>
        Assert.Equal(CniErrorCode.InvalidEnvironmentVariables, Assert.Throws<CniException>(() => Delegation.Status(Request("", "host-local"), "host-local")).Code);

    [Fact]
    public void A_delegates_result_and_error_come_back_through_the_protocol()
    {
        var dir = Directory.CreateTempSubdirectory("cni-deleg-").FullName;
        try
        {
            var ok = Path.Combine(dir, "fake-ipam");
            File.WriteAllText(ok, "#!/bin/sh\ncat >/dev/null\nif [ \"$CNI_COMMAND\" = ADD ]; then echo '{\"ips\":[{\"address\":\"198.18.9.4/24\",\"gateway\":\"198.18.9.1\"}]}'; exit 0; fi\necho '{\"code\":11,\"msg\":\"try later\"}'; exit 1\n");
            File.SetUnixFileMode(ok, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var result = Delegation.Add(Request(dir, "fake-ipam"), "fake-ipam");
            Assert.Equal(("1.0.0", "198.18.9.4/24"), (result.CniVersion, result.Ips[0].Address.ToString()));
            var e = Assert.Throws<CniException>(() => Delegation.Check(Request(dir, "fake-ipam"), "fake-ipam"));
            Assert.Equal((CniErrorCode.TryAgainLater, "try later"), (e.Code, e.Msg));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
