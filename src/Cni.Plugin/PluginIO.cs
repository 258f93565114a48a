namespace Cni.Plugin;

/// <summary>Where a plugin run reads and writes: the process's own streams, or test doubles.</summary>
public sealed class PluginIO
{
    /// <summary>The environment variables.</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
    /// <summary>The request config.</summary>
    public required Stream Stdin { get; init; }
    /// <summary>Results and error objects, nothing else.</summary>
    public required TextWriter Stdout { get; init; }
    /// <summary>Diagnostics.</summary>
    public required TextWriter Stderr { get; init; }

    /// <summary>
    /// Tells whether a <c>CNI_NETNS</c> path is the plugin's own namespace (a code 8 error); null skips the check.
    /// Supplied by the host that knows about namespaces.
    /// </summary>
    public Func<string, bool>? IsOwnNetns { get; init; }

    /// <summary>
    /// The current process's streams and environment. <paramref name="stdout"/> replaces
    /// <c>Console.OpenStandardOutput()</c> (whose first write starts the console's terminal and signal machinery).
    /// </summary>
    public static PluginIO FromProcess(Func<string, bool>? isOwnNetns = null, Stream? stdout = null)
    {
        return new PluginIO
        {
            Environment = new ProcessEnvironment(),
            Stdin = Console.OpenStandardInput(),
            Stdout = new StreamWriter(stdout ?? Console.OpenStandardOutput()) { AutoFlush = false },
            Stderr = new DeferredWriter(static () => new StreamWriter(Console.OpenStandardError()) { AutoFlush = true }),
            IsOwnNetns = isOwnNetns,
        };
    }

    /// <summary>A variable's value; "" counts as absent.</summary>
    public string Get(string name) => Environment.TryGetValue(name, out var v) ? v : "";
}
