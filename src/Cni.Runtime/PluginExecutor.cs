namespace Cni.Runtime;

/// <summary>The default executor: <see cref="PluginPath.Find"/> and <see cref="PluginProcess.RunAsync"/>.</summary>
/// <param name="stderr">Where a successful plugin's stderr goes (Go's default is the runtime's stderr); null drops it.</param>
/// <param name="runOnCallingThread">
/// Run each exec on the calling thread (a tool that runs one plugin at a time: no thread-pool threads start). By
/// default each exec runs on a thread-pool thread, so a runtime's concurrent attachments proceed in parallel.
/// </param>
public sealed class PluginExecutor(TextWriter? stderr, bool runOnCallingThread = false) : IPluginExecutor
{
    /// <summary>An executor that copies plugin stderr to <see cref="Console.Error"/>, like Go's <c>RawExec</c>.</summary>
    public PluginExecutor() : this(Console.Error)
    {
    }

    /// <inheritdoc/>
    public string FindInPath(string plugin, IReadOnlyList<string> paths) => PluginPath.Find(plugin, paths);

    /// <inheritdoc/>
    public Task<byte[]> ExecPluginAsync(string pluginPath, ReadOnlyMemory<byte> stdin,
        IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken) =>
        runOnCallingThread
            ? PluginProcess.RunAsync(pluginPath, environment, stdin, stderr, cancellationToken)
            : Task.Run(() => PluginProcess.RunAsync(pluginPath, environment, stdin, stderr, cancellationToken), cancellationToken);
}
