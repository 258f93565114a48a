using System.Collections;

namespace Cni.Runtime.Internal;

/// <summary>
/// The environment of a plugin, like Go's <c>invoke.Args.AsEnv</c>: the runtime's own environment with the six
/// <c>CNI_*</c> variables set last, so they win over inherited ones, all six present even when empty.
/// </summary>
internal static class PluginEnvironment
{
    public static Dictionary<string, string> Build(string command, RuntimeConf rt, IReadOnlyList<string> paths) =>
        Build(command, rt.ContainerId, rt.NetNS, Stringify(rt.Args), rt.IfName, string.Join(Path.PathSeparator, paths));

    public static Dictionary<string, string> Build(string command, string containerId, string netns, string args, string ifName, string path)
    {
        var inherited = Environment.GetEnvironmentVariables();
        // Sized up front: growing it rehashes every variable, and this runs once per plugin.
        var env = new Dictionary<string, string>(inherited.Count + 6, StringComparer.Ordinal);
        foreach (DictionaryEntry e in inherited)
        {
            env[(string)e.Key] = (string?)e.Value ?? "";
        }
        env["CNI_COMMAND"] = command;
        env["CNI_CONTAINERID"] = containerId;
        env["CNI_NETNS"] = netns;
        env["CNI_ARGS"] = args;
        env["CNI_IFNAME"] = ifName;
        env["CNI_PATH"] = path;
        return env;
    }

    /// <summary><c>K=V;K2=V2</c>, order kept, nothing escaped (Go's <c>stringify</c>).</summary>
    public static string Stringify(IReadOnlyList<KeyValuePair<string, string>>? args) =>
        args is null ? "" : string.Join(';', args.Select(kv => kv.Key + "=" + kv.Value));
}
