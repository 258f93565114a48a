using System.Text;
using System.Text.Json;

namespace Cni.Runtime.Tests;

/// <summary>The plugin list of libcni's api_test.go: three noop plugins with different capabilities.</summary>
internal static class Fixtures
{
    public const string IpResult =
        """{"cniVersion":"1.1.0","interfaces":[{"name":"eth0","sandbox":"/some/netns/path"}],"ips":[{"address":"10.1.2.3/24","interface":0}]}""";

    public static NetworkConfigList List(string version = "1.1.0", string extra = "") => NetworkConfigList.Parse(Encoding.UTF8.GetBytes($$$"""
        {"cniVersion":"{{{version}}}","name":"some-list"{{{extra}}},"plugins":[
          {"type":"noop","debug":"p0","capabilities":{"portMappings":true,"otherCapability":true,"disabled":false}},
          {"type":"noop","debug":"p1","capabilities":{"otherCapability":true}},
          {"type":"noop","debug":"p2"}]}
        """));

    public static RuntimeConf Rt(string containerId = "some-container-id", string ifName = "some-eth0") => new()
    {
        ContainerId = containerId,
        NetNS = "/some/netns/path",
        IfName = ifName,
        Args = [new("FOO", "BAR")],
        CapabilityArgs = new Dictionary<string, JsonElement>
        {
            ["portMappings"] = Json("""[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}]"""),
            ["otherCapability"] = Json("33"),
            ["disabled"] = Json("true"),
            ["undeclared"] = Json("\"x\""),
        },
    };

    public static JsonElement Json(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>Answers like upstream's noop setup: p0 returns an IP result, p1 passes prevResult through, p2 adds DNS.</summary>
    public static string NoopChain(FakeExecutor.Call call)
    {
        if (call.Command != "ADD")
        {
            return "";
        }
        var stdin = Json(call.Stdin);
        return stdin.GetProperty("debug").GetString() switch
        {
            "p0" => IpResult,
            "p1" => stdin.GetProperty("prevResult").GetRawText(),
            _ => Inject(stdin.GetProperty("prevResult"), """{"nameservers":["1.2.3.4"]}"""),
        };
    }

    private static string Inject(JsonElement result, string dns)
    {
        var text = result.GetRawText();
        return text[..^1] + ",\"dns\":" + dns + "}";
    }

    public static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
