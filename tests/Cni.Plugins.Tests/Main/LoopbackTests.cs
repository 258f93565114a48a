using System.Text;
using System.Text.Json;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Main;

[Trait("Category", "Integration")]
public class LoopbackTests
{
    private static string Conf(string version) => $"{{\"cniVersion\":\"{version}\",\"name\":\"lo-test\",\"type\":\"loopback\"}}";

    private static bool LoIsUp(TestNetns ns)
    {
        var link = Shell.IpJson(ns.Name, "link", "show", "lo")[0];
        return link.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "UP");
    }

    public static TheoryData<string> Versions() => new(SpecVersions.All);

    [Theory]
    [MemberData(nameof(Versions))]
    public void Add_check_del_for_every_version(string version)
    {
        Root.Require();
        using var ns = new TestNetns("lo");
        Assert.False(LoIsUp(ns));

        var add = CniBinary.Exec("loopback", CniBinary.Env("ADD", netns: ns.Path), Conf(version)).Ok();
        Assert.True(LoIsUp(ns));
        Assert.Equal("", add.Stderr);
        var result = CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout));
        Assert.Equal(version, result.CniVersion);
        var current = ResultConverters.ToCurrent(result);
        Assert.Contains(current.Ips, ip => ip.Address.ToString() == "127.0.0.1/8");
        Assert.Contains(current.Ips, ip => ip.Address.ToString() == "::1/128");
        if (SpecVersion.Parse(version) >= SpecVersion.Parse("0.3.0"))
        {
            var lo = Assert.Single(current.Interfaces);
            Assert.Equal(("lo", "00:00:00:00:00:00", ns.Path), (lo.Name, lo.Mac, lo.Sandbox));
            Assert.All(current.Ips, ip => Assert.Equal(0, ip.Interface));
        }

        if (SpecVersion.Parse(version) >= SpecVersion.Parse("0.4.0"))
        {
            var withPrev = WithPrevResult(Conf(version), add.Stdout);
            Assert.Equal("", CniBinary.Exec("loopback", CniBinary.Env("CHECK", netns: ns.Path), withPrev).Ok().Stdout);
        }
        else
        {
            Assert.Equal(1u, CniBinary.Exec("loopback", CniBinary.Env("CHECK", netns: ns.Path), Conf(version)).Error().Code);
        }

        Assert.Equal("", CniBinary.Exec("loopback", CniBinary.Env("DEL", netns: ns.Path), Conf(version)).Ok().Stdout);
        Assert.False(LoIsUp(ns));
        CniBinary.Exec("loopback", CniBinary.Env("DEL", netns: ns.Path), Conf(version)).Ok();
    }

    [Fact]
    public void Check_fails_when_lo_is_down()
    {
        Root.Require();
        using var ns = new TestNetns("lodown");
        var e = CniBinary.Exec("loopback", CniBinary.Env("CHECK", netns: ns.Path), Conf("1.0.0")).Error();
        Assert.Equal("loopback interface is down", e.Msg);
    }

    [Fact]
    public void Add_passes_a_previous_result_through()
    {
        Root.Require();
        using var ns = new TestNetns("loprev");
        var prev = "{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"eth0\"}],\"ips\":[{\"address\":\"198.18.0.2/24\",\"interface\":0}]}";
        var add = CniBinary.Exec("loopback", CniBinary.Env("ADD", netns: ns.Path), WithPrevResult(Conf("1.0.0"), prev)).Ok();
        var r = (Result)CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout));
        Assert.Equal("198.18.0.2/24", Assert.Single(r.Ips).Address.ToString());
        Assert.True(LoIsUp(ns));
    }

    [Fact]
    public void Del_succeeds_when_the_namespace_is_gone_or_not_given()
    {
        Root.Require();
        var gone = "/var/run/netns/cnit-gone-" + Guid.NewGuid().ToString("N")[..8];
        CniBinary.Exec("loopback", CniBinary.Env("DEL", netns: gone), Conf("1.1.0")).Ok();
        CniBinary.Exec("loopback", CniBinary.Env("DEL", netns: null), Conf("1.1.0")).Ok();
    }

    [Fact]
    public void Add_into_a_missing_namespace_is_code_3_and_into_a_plain_file_code_4()
    {
        Root.Require();
        var gone = "/var/run/netns/cnit-gone-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(CniErrorCode.UnknownContainer, CniBinary.Exec("loopback", CniBinary.Env("ADD", netns: gone), Conf("1.1.0")).Error().Code);
        var file = Path.GetTempFileName();
        try
        {
            Assert.Equal(CniErrorCode.InvalidEnvironmentVariables, CniBinary.Exec("loopback", CniBinary.Env("ADD", netns: file), Conf("1.1.0")).Error().Code);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Own_namespace_is_refused_with_code_8_and_left_alone()
    {
        Root.Require();
        var e = CniBinary.Exec("loopback", CniBinary.Env("DEL", netns: "/proc/self/ns/net"), Conf("1.1.0")).Error();
        Assert.Equal(CniErrorCode.InvalidNetNs, e.Code);
        Assert.Contains("LOOPBACK", Shell.Ok("ip", "link", "show", "lo"), StringComparison.Ordinal);
        Assert.Contains(",UP", Shell.Ok("ip", "link", "show", "lo"), StringComparison.Ordinal);
    }

    private static string WithPrevResult(string conf, string result)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(conf)!.AsObject();
        node["prevResult"] = System.Text.Json.Nodes.JsonNode.Parse(result);
        return node.ToJsonString();
    }
}
