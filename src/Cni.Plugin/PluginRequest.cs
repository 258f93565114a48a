namespace Cni.Plugin;

/// <summary>One invocation: the <c>CNI_*</c> variables and the parsed stdin (Go's <c>skel.CmdArgs</c>).</summary>
public sealed record PluginRequest
{
    /// <summary>The verb.</summary>
    public required CniCommand Command { get; init; }
    /// <summary><c>CNI_CONTAINERID</c>; "" for GC and STATUS.</summary>
    public string ContainerId { get; init; } = "";
    /// <summary><c>CNI_NETNS</c>; may be "" on DEL.</summary>
    public string Netns { get; init; } = "";
    /// <summary><c>CNI_IFNAME</c>.</summary>
    public string IfName { get; init; } = "";
    /// <summary><c>CNI_ARGS</c>, raw.</summary>
    public string Args { get; init; } = "";
    /// <summary><c>CNI_PATH</c>, raw.</summary>
    public string Path { get; init; } = "";
    /// <summary>The parsed stdin config.</summary>
    public required NetworkConfig Config { get; init; }
    /// <summary>The environment the plugin was started with (delegates inherit it).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>The exact stdin bytes.</summary>
    public ReadOnlyMemory<byte> StdinData => Config.Bytes;

    /// <summary><c>CNI_PATH</c> split into directories.</summary>
    public IReadOnlyList<string> PathList => PluginPath.Split(Path);
}
