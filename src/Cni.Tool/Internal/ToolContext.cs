namespace Cni.Tool.Internal;

/// <summary>What a command reads and writes: the environment, the two streams, and test seams.</summary>
internal sealed record ToolContext(Func<string, string?> GetEnv, TextWriter Out, TextWriter Err)
{
    public static ToolContext FromProcess() => new(Environment.GetEnvironmentVariable, Console.Out, Console.Error);

    /// <summary>Replaces the plugin executor (tests); null for the real one.</summary>
    public IPluginExecutor? Executor { get; init; }

    /// <summary>Standard input (the OCI state of <c>oci-hook</c>).</summary>
    public TextReader In { get; init; } = Console.In;

    public string ConfDir => GetEnv("NETCONFPATH") is { Length: > 0 } d ? d : ConfigFiles.DefaultDirectory;

    public IReadOnlyList<string> PluginDirs => PluginPath.Split(GetEnv("CNI_PATH"));
}
