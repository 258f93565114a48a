namespace Cni.Runtime;

/// <summary>The default executor: <see cref="PluginPath.Find"/> and <see cref="PluginProcess.RunAsync"/>.</summary>
/// <param name="stderr">Where a successful plugin's stderr goes (Go's default is the runtime's stderr); null drops it.</param>
public sealed class PluginExecutor(TextWriter? stderr) : IPluginExecutor
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
        PluginProcess.RunAsync(pluginPath, environment, stdin, stderr, cancellationToken);
}
