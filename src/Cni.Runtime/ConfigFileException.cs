namespace Cni.Runtime;

/// <summary>
/// A configuration file that does not parse. <see cref="CniException.Msg"/> is Go's text (tools match on it);
/// <see cref="CniException.Details"/> names the file, which Go's message does not.
/// </summary>
public sealed class ConfigFileException(string filePath, CniException inner)
    : CniException(inner.Code, inner.Msg, "file " + filePath, inner)
{
    /// <summary>The file that failed.</summary>
    public string FilePath { get; } = filePath;
}
