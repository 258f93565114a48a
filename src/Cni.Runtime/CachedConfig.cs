namespace Cni.Runtime;

/// <summary>What the result cache says an attachment was made with (Go's <c>GetNetworkListCachedConfig</c> pair).</summary>
/// <param name="Config">The configuration bytes: the list file for lists, the plugin bytes for single configs.</param>
/// <param name="RuntimeConf">The caller's parameters with <c>Args</c> (when cached) and <c>CapabilityArgs</c> taken from the cache.</param>
public sealed record CachedConfig(ReadOnlyMemory<byte> Config, RuntimeConf RuntimeConf);
