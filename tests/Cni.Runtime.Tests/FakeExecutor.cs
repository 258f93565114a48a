using System.Text;

namespace Cni.Runtime.Tests;

/// <summary>An executor that records each call and answers from a script instead of running binaries.</summary>
internal sealed class FakeExecutor : IPluginExecutor
{
    public sealed record Call(string Plugin, string Command, string Stdin, IReadOnlyDictionary<string, string> Env);

    /// <summary>Plugins that exist, by type.</summary>
    public HashSet<string> Plugins { get; } = ["noop"];

    /// <summary>The answer to a call: stdout, or throw to fail.</summary>
    public Func<Call, string> Respond { get; set; } = _ => "{}";

    public List<Call> Calls { get; } = [];

    public string FindInPath(string plugin, IReadOnlyList<string> paths)
    {
        if (!Plugins.Contains(plugin))
        {
            return PluginPath.Find(plugin, paths);
        }
        return "/fake/" + plugin;
    }

    public Task<byte[]> ExecPluginAsync(string pluginPath, ReadOnlyMemory<byte> stdin,
        IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var call = new Call(Path.GetFileName(pluginPath), environment["CNI_COMMAND"], Encoding.UTF8.GetString(stdin.Span), environment);
        Calls.Add(call);
        return Task.FromResult(Encoding.UTF8.GetBytes(Respond(call)));
    }
}
