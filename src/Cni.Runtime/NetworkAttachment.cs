using System.Text.Json;

namespace Cni.Runtime;

/// <summary>An attachment known from the result cache (Go's <c>libcni.NetworkAttachment</c>).</summary>
public sealed record NetworkAttachment
{
    /// <summary>The container ID.</summary>
    public required string ContainerId { get; init; }

    /// <summary>The network name.</summary>
    public required string Network { get; init; }

    /// <summary>The interface name.</summary>
    public required string IfName { get; init; }

    /// <summary>The configuration the attachment was made with: the list file bytes, or the plugin bytes for a single config.</summary>
    public required ReadOnlyMemory<byte> Config { get; init; }

    /// <summary>The network namespace path ("" when not recorded).</summary>
    public string NetNS { get; init; } = "";

    /// <summary>The <c>CNI_ARGS</c> pairs the attachment was made with, or null.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? CniArgs { get; init; }

    /// <summary>The capability arguments the attachment was made with, or null.</summary>
    public IReadOnlyDictionary<string, JsonElement>? CapabilityArgs { get; init; }

    /// <summary>The cached ADD result as stored (not in Go's type: for tools that show it), or null.</summary>
    public JsonElement? Result { get; init; }

    /// <summary>The runtime parameters to repeat an operation on this attachment (GC uses them to DEL it).</summary>
    public RuntimeConf ToRuntimeConf() => new()
    {
        ContainerId = ContainerId,
        NetNS = NetNS,
        IfName = IfName,
        Args = CniArgs,
        CapabilityArgs = CapabilityArgs,
    };
}
