namespace Cni.Runtime;

/// <summary>CHECK on a configuration older than 0.4.0 (Go's <c>ErrorCheckNotSupp</c>, wrapped with the version).</summary>
public sealed class CheckNotSupportedException(string version)
    : CniException(CniErrorCode.IncompatibleCniVersion, $"configuration version \"{version}\" does not support the CHECK command")
{
    /// <summary>The configuration's version.</summary>
    public string Version { get; } = version;
}
