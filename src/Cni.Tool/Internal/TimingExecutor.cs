using System.Diagnostics;

namespace Cni.Tool.Internal;

/// <summary>Wraps an executor and records how long each plugin call took.</summary>
internal sealed class TimingExecutor(IPluginExecutor inner) : IPluginExecutor
{
    public sealed record Entry(string Command, string Plugin, TimeSpan Elapsed, bool Succeeded);

    public List<Entry> Entries { get; } = [];

    public string FindInPath(string plugin, IReadOnlyList<string> paths) => inner.FindInPath(plugin, paths);

    public async Task<byte[]> ExecPluginAsync(string pluginPath, ReadOnlyMemory<byte> stdin,
        IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        bool ok = false;
        try
        {
            var stdout = await inner.ExecPluginAsync(pluginPath, stdin, environment, cancellationToken).ConfigureAwait(false);
            ok = true;
            return stdout;
        }
        finally
        {
            lock (Entries)
            {
                Entries.Add(new Entry(environment.GetValueOrDefault("CNI_COMMAND", "?"), Path.GetFileName(pluginPath), watch.Elapsed, ok));
            }
        }
    }
}
