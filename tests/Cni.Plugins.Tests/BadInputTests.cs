using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests;

/// <summary>Bad input through the real binary: the right code, exit status 1, and nothing but the error object on stdout.</summary>
[Trait("Category", "Integration")]
public class BadInputTests
{
    private const string Good = "{\"cniVersion\":\"1.1.0\",\"name\":\"bad-input\",\"type\":\"loopback\"}";

    public static TheoryData<string, Dictionary<string, string>, string, uint> Cases() => new()
    {
        { "malformed json", CniBinary.Env("ADD", netns: "/var/run/netns/x"), "{\"cniVersion\":", CniErrorCode.DecodingFailure },
        { "empty stdin", CniBinary.Env("ADD", netns: "/var/run/netns/x"), "", CniErrorCode.DecodingFailure },
        { "unknown version", CniBinary.Env("ADD", netns: "/var/run/netns/x"), "{\"cniVersion\":\"7.0.0\",\"name\":\"n\"}", CniErrorCode.IncompatibleCniVersion },
        { "missing name", CniBinary.Env("ADD", netns: "/var/run/netns/x"), "{\"cniVersion\":\"1.1.0\"}", CniErrorCode.InvalidNetworkConfig },
        { "bad name", CniBinary.Env("ADD", netns: "/var/run/netns/x"), "{\"cniVersion\":\"1.1.0\",\"name\":\"../x\"}", CniErrorCode.InvalidNetworkConfig },
        { "missing netns", CniBinary.Env("ADD"), Good, CniErrorCode.InvalidEnvironmentVariables },
        { "missing container id", CniBinary.Env("ADD", containerId: null, netns: "/var/run/netns/x"), Good, CniErrorCode.InvalidEnvironmentVariables },
        { "bad container id", CniBinary.Env("ADD", containerId: "a/b", netns: "/var/run/netns/x"), Good, CniErrorCode.InvalidEnvironmentVariables },
        { "16-byte ifname", CniBinary.Env("ADD", netns: "/var/run/netns/x", ifname: "abcdefghijklmnop"), Good, CniErrorCode.InvalidEnvironmentVariables },
        { "unknown command", CniBinary.Env("FROB", netns: "/var/run/netns/x"), Good, CniErrorCode.InvalidEnvironmentVariables },
        { "check on 0.3.1", CniBinary.Env("CHECK", netns: "/var/run/netns/x"), "{\"cniVersion\":\"0.3.1\",\"name\":\"n\"}", CniErrorCode.IncompatibleCniVersion },
        { "gc on 1.0.0", CniBinary.Env("GC"), "{\"cniVersion\":\"1.0.0\",\"name\":\"n\"}", CniErrorCode.IncompatibleCniVersion },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gets_the_right_code_and_nothing_else_on_stdout(string why, Dictionary<string, string> env, string stdin, uint code)
    {
        Root.Require();
        var o = CniBinary.Exec("loopback", env, stdin);
        var e = o.Error();
        Assert.True(code == e.Code, $"{why}: expected code {code}, got {e.Code} ({e.Message})");
        Assert.Equal(1, o.Exit);
        Assert.False(string.IsNullOrEmpty(e.Msg));
        using var doc = System.Text.Json.JsonDocument.Parse(o.Stdout);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, doc.RootElement.ValueKind);
    }

    [Fact]
    public void Version_needs_nothing_but_the_command()
    {
        Root.Require();
        var o = CniBinary.Exec("loopback", new Dictionary<string, string> { ["CNI_COMMAND"] = "VERSION" }, "").Ok();
        Assert.Equal("{\"cniVersion\":\"1.1.0\",\"supportedVersions\":[\"0.1.0\",\"0.2.0\",\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\",\"1.1.0\"]}\n", o.Stdout);
    }

    [Fact]
    public void No_command_prints_the_about_text_to_stderr()
    {
        Root.Require();
        var o = CniBinary.Exec("loopback", new Dictionary<string, string>(), "").Ok();
        Assert.Equal("", o.Stdout);
        Assert.StartsWith("CNI loopback plugin v", o.Stderr, StringComparison.Ordinal);
        Assert.Contains("CNI protocol versions supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0, 1.1.0", o.Stderr, StringComparison.Ordinal);
    }
}
