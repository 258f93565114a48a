namespace Cni.Runtime;

/// <summary>The directory has configurations, but none with the name asked for (Go's <c>NotFoundError</c>).</summary>
public sealed class ConfigNotFoundException(string dir, string name)
    : CniException(CniErrorCode.InvalidNetworkConfig, $"no net configuration with name \"{name}\" in {dir}")
{
    /// <summary>The directory searched.</summary>
    public string Dir { get; } = dir;

    /// <summary>The network name asked for.</summary>
    public string Name { get; } = name;
}
