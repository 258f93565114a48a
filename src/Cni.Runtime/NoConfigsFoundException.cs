namespace Cni.Runtime;

/// <summary>The directory is missing or holds no configuration files at all (Go's <c>NoConfigsFoundError</c>).</summary>
public sealed class NoConfigsFoundException(string dir)
    : CniException(CniErrorCode.InvalidNetworkConfig, $"no net configurations found in {dir}")
{
    /// <summary>The directory searched.</summary>
    public string Dir { get; } = dir;
}
