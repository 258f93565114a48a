namespace Cni.Runtime;

/// <summary>
/// How <see cref="CniConfig"/> finds and runs plugins (Go's <c>invoke.Exec</c>); replace it in tests, or to run
/// plugins some other way (in a sandbox, remotely, timed).
/// </summary>
public interface IPluginExecutor
{
    /// <summary>The path of plugin <paramref name="plugin"/> in <paramref name="paths"/>.</summary>
    /// <exception cref="CniException">The name is not a plain file name, no paths were given, or it was not found.</exception>
    string FindInPath(string plugin, IReadOnlyList<string> paths);

    /// <summary>Runs the plugin and returns its stdout.</summary>
    /// <param name="pluginPath">The binary, as <see cref="FindInPath"/> returned it.</param>
    /// <param name="stdin">The request configuration.</param>
    /// <param name="environment">The complete environment of the plugin (inherited variables and the six <c>CNI_*</c>).</param>
    /// <param name="cancellationToken">Cancelling kills the plugin.</param>
    /// <exception cref="CniException">The plugin failed; its error object's code and message when it printed one.</exception>
    Task<byte[]> ExecPluginAsync(string pluginPath, ReadOnlyMemory<byte> stdin,
        IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken);
}
