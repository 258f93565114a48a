namespace Cni;

/// <summary>The error codes of the CNI specification (0–99 reserved) and the Go library's extras.</summary>
public static class CniErrorCode
{
    /// <summary>Go only: an error of unknown kind.</summary>
    public const uint Unknown = 0;
    /// <summary>Incompatible CNI version.</summary>
    public const uint IncompatibleCniVersion = 1;
    /// <summary>Unsupported field in network configuration; the message names the key and value.</summary>
    public const uint UnsupportedField = 2;
    /// <summary>Container unknown or does not exist; the runtime need not clean up.</summary>
    public const uint UnknownContainer = 3;
    /// <summary>Invalid necessary environment variables; the message names them.</summary>
    public const uint InvalidEnvironmentVariables = 4;
    /// <summary>I/O failure, e.g. reading stdin.</summary>
    public const uint IOFailure = 5;
    /// <summary>Failed to decode content.</summary>
    public const uint DecodingFailure = 6;
    /// <summary>Invalid network configuration.</summary>
    public const uint InvalidNetworkConfig = 7;
    /// <summary>Go only: invalid network namespace (e.g. the plugin's own).</summary>
    public const uint InvalidNetNs = 8;
    /// <summary>Try again later: a transient condition.</summary>
    public const uint TryAgainLater = 11;
    /// <summary>STATUS: the plugin cannot serve ADD.</summary>
    public const uint PluginNotAvailable = 50;
    /// <summary>STATUS: the plugin cannot serve ADD and existing containers may have limited connectivity.</summary>
    public const uint LimitedConnectivity = 51;
    /// <summary>Go only: a generic error raised by plugin code.</summary>
    public const uint Internal = 999;
}
