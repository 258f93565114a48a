namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>One call from the plugin to the daemon: the verb and the plugin's whole invocation.</summary>
internal sealed record DaemonRequest
{
    public required string Method { get; init; }
    public string ContainerId { get; init; } = "";
    public string Netns { get; init; } = "";
    public string IfName { get; init; } = "";
    public string Args { get; init; } = "";

    /// <summary>The plugin's stdin, a JSON object, embedded as is.</summary>
    public ReadOnlyMemory<byte> Config { get; init; } = "{}"u8.ToArray();
}

/// <summary>The daemon protocol's method names.</summary>
internal static class DaemonMethods
{
    public const string Allocate = "allocate";
    public const string Check = "check";
    public const string Release = "release";
    public const string Gc = "gc";
    public const string Status = "status";
}
