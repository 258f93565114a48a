using System.Text.Json.Nodes;
using Cni.Plugins.Tests.Harness;

namespace Cni.Plugins.Tests.Meta;

/// <summary>Shared pieces of the meta-plugin tests: configs with a prevResult, and env with Go's plugins on the path.</summary>
internal static class MetaTestSupport
{
    public static string WithPrev(string conf, string? prevResult)
    {
        var node = JsonNode.Parse(conf)!.AsObject();
        if (prevResult is not null)
        {
            node["prevResult"] = JsonNode.Parse(prevResult);
        }
        return node.ToJsonString();
    }

    public static Dictionary<string, string> Env(string command, string containerId, string? netns, string ifName = "eth0", string? args = null)
    {
        var env = CniBinary.Env(command, containerId: containerId, netns: netns, ifname: ifName, args: args);
        env["CNI_PATH"] = CniBinary.Dir + ":/usr/lib/cni";
        return env;
    }

    /// <summary>Runs Debian's Go build of <paramref name="plugin"/> (from /usr/lib/cni) through the same protocol.</summary>
    public static CniBinary.Outcome ExecGo(string plugin, IReadOnlyDictionary<string, string> env, string stdin) =>
        CniBinary.ExecWrapped(["/usr/lib/cni/" + plugin], new Dictionary<string, string>(env) { ["CNI_PATH"] = "/usr/lib/cni" }, stdin);

    /// <summary>Runs our <paramref name="plugin"/> inside <paramref name="hostNs"/> (a test namespace playing the host), or here when null.</summary>
    public static CniBinary.Outcome ExecIn(string? hostNs, string plugin, IReadOnlyDictionary<string, string> env, string stdin) =>
        hostNs is null
            ? CniBinary.Exec(plugin, env, stdin)
            : CniBinary.ExecWrapped(["ip", "netns", "exec", hostNs, Path.Combine(CniBinary.Dir, plugin)], env, stdin);

    /// <summary>A veth pair with one end <paramref name="ifName"/> inside the namespace (no dummy module needed).</summary>
    public static void AddContainerLink(TestNetns ns, string ifName = "eth0")
    {
        Shell.Ok("ip", "-n", ns.Name, "link", "add", ifName, "type", "veth", "peer", "name", ifName + "p");
        Shell.Ok("ip", "-n", ns.Name, "link", "set", ifName, "up");
    }
}
