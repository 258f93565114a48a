using System.Text.Json;

namespace Cni.Runtime;

/// <summary>
/// The per-attachment parameters a runtime passes with every operation (Go's <c>libcni.RuntimeConf</c>):
/// they become the <c>CNI_*</c> environment variables and, through capabilities, <c>runtimeConfig</c>.
/// </summary>
public sealed record RuntimeConf
{
    /// <summary>The container ID (<c>CNI_CONTAINERID</c>).</summary>
    public string ContainerId { get; init; } = "";

    /// <summary>The network namespace path (<c>CNI_NETNS</c>).</summary>
    public string NetNS { get; init; } = "";

    /// <summary>The interface name inside the container (<c>CNI_IFNAME</c>).</summary>
    public string IfName { get; init; } = "";

    /// <summary>Extra arguments, joined as <c>K=V;K2=V2</c> into <c>CNI_ARGS</c>, order kept, nothing escaped.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Args { get; init; }

    /// <summary>Capability arguments: delivered in <c>runtimeConfig</c> to the plugins that declare the capability.</summary>
    public IReadOnlyDictionary<string, JsonElement>? CapabilityArgs { get; init; }

    /// <summary>Deprecated in Go: a per-call cache directory, used only when the <see cref="CniConfig"/> has none.</summary>
    public string? CacheDir { get; init; }
}
