using Xunit;

namespace Cni.Tests;

public class ArgsAndValidationTests
{
    [Fact]
    public void Empty_args_bind_nothing() => Assert.Empty(CniArgs.Load("", "IP"));

    [Fact]
    public void Known_keys_bind_case_sensitively()
    {
        var args = CniArgs.Load("IP=198.18.0.5;K8S_POD_NAME=x;IgnoreUnknown=1", "IP");
        Assert.Equal("198.18.0.5", args["IP"]);
        Assert.Throws<CniException>(() => CniArgs.Load("ip=198.18.0.5", "IP"));
    }

    [Theory]
    [InlineData("IgnoreUnknown=True;Unk=nown")]
    [InlineData("Unk=nown;IgnoreUnknown=true")]
    [InlineData("IgnoreUnknown=1")]
    public void IgnoreUnknown_anywhere_allows_unknown_keys(string raw) => CniArgs.Load(raw);

    [Fact]
    public void Unknown_keys_fail_with_gos_message()
    {
        var e = Assert.Throws<CniException>(() => CniArgs.Load("Unk=nown"));
        Assert.Equal("ARGS: unknown args [\"Unk=nown\"]", e.Msg);
        Assert.Equal(CniErrorCode.InvalidEnvironmentVariables, e.Code);
        Assert.Throws<CniException>(() => CniArgs.Load("IgnoreUnknown=0;Unk=nown"));
    }

    [Theory]
    [InlineData("a=b=c", "ARGS: invalid pair \"a=b=c\"")]
    [InlineData("a=b;", "ARGS: invalid pair \"\"")]
    [InlineData("IgnoreUnknown=invalid", "ARGS: error parsing value of pair \"IgnoreUnknown=invalid\": boolean unmarshal error: invalid input invalid")]
    public void Malformed_args_fail(string raw, string message) =>
        Assert.Equal(message, Assert.Throws<CniException>(() => CniArgs.Load(raw)).Msg);

    [Fact]
    public void Container_ids_follow_the_pattern()
    {
        Validation.ContainerId("a51debf7e1eb");
        Assert.Equal(CniErrorCode.UnknownContainer, Assert.Throws<CniException>(() => Validation.ContainerId("")).Code);
        var e = Assert.Throws<CniException>(() => Validation.ContainerId("1234%%%"));
        Assert.Equal((CniErrorCode.InvalidEnvironmentVariables, "invalid characters in containerID", "1234%%%"), (e.Code, e.Msg, e.Details));
    }

    [Fact]
    public void Network_names_follow_the_pattern()
    {
        Validation.NetworkName("eth0");
        Assert.Equal("missing network name:", Assert.Throws<CniException>(() => Validation.NetworkName("")).Msg);
        var e = Assert.Throws<CniException>(() => Validation.NetworkName("../etc"));
        Assert.Equal((CniErrorCode.InvalidNetworkConfig, "invalid characters found in network name"), (e.Code, e.Msg));
    }

    [Theory]
    [InlineData("", "interface name is empty")]
    [InlineData("testnamemorethan16", "interface name is too long")]
    [InlineData("eeeeeeeeeeeeeeee", "interface name is too long")]
    [InlineData("ééééééééé", "interface name is too long")]
    [InlineData(".", "interface name is . or ..")]
    [InlineData("..", "interface name is . or ..")]
    [InlineData("/testname", "interface name contains / or : or whitespace characters")]
    [InlineData("test:name", "interface name contains / or : or whitespace characters")]
    [InlineData("test name", "interface name contains / or : or whitespace characters")]
    [InlineData("test\u00a0x", "interface name contains / or : or whitespace characters")]
    public void Bad_interface_names_fail_with_code_4(string name, string message)
    {
        var e = Assert.Throws<CniException>(() => Validation.InterfaceName(name));
        Assert.Equal((CniErrorCode.InvalidEnvironmentVariables, message), (e.Code, e.Msg));
    }

    [Fact]
    public void Fifteen_byte_interface_names_are_fine() => Validation.InterfaceName("eeeeeeeeeeeeeee");

    [Theory]
    [InlineData("../bridge")]
    [InlineData("/usr/lib/cni/bridge")]
    [InlineData("..")]
    public void Plugin_types_with_paths_are_refused(string type) =>
        Assert.StartsWith("invalid plugin name: ", Assert.Throws<CniException>(() => Validation.PluginType(type)).Msg);

    [Fact]
    public void Error_object_matches_the_spec()
    {
        var json = CniError.ToJson(new CniException(7, "bad config", "key x"), "1.1.0");
        Assert.Equal("{\n    \"cniVersion\": \"1.1.0\",\n    \"code\": 7,\n    \"msg\": \"bad config\",\n    \"details\": \"key x\"\n}", json);
        var back = CniError.Parse(System.Text.Encoding.UTF8.GetBytes(json))!;
        Assert.Equal((7u, "bad config", "key x", "bad config; key x"), (back.Code, back.Msg, back.Details, back.Message));
    }
}
