namespace Cni.Tool.Internal;

/// <summary>What a command reads and writes: the environment, the two streams, and test seams.</summary>
internal sealed record ToolContext(Func<string, string?> GetEnv, TextWriter Out, TextWriter Err)
{
    public static ToolContext FromProcess() => new(Environment.GetEnvironmentVariable, Console.Out, Console.Error);

    /// <summary>Replaces the plugin executor (tests); null for the real one.</summary>
    public IPluginExecutor? Executor { get; init; }

    private TextReader? _in;

    /// <summary>Standard input (the OCI state of <c>oci-hook</c>); the console's is opened on first use only (it costs startup time).</summary>
    public TextReader In
    {
        get => _in ??= Console.In;
        init => _in = value;
    }

    public string ConfDir => GetEnv("NETCONFPATH") is { Length: > 0 } d ? d : ConfigFiles.DefaultDirectory;

    public IReadOnlyList<string> PluginDirs => PluginPath.Split(GetEnv("CNI_PATH"));
}
