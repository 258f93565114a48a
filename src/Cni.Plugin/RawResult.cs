using System.Text.Json;

namespace Cni.Plugin;

/// <summary>Output printed verbatim instead of a converted result — for test plugins that must print exactly what they are told.</summary>
public sealed class RawResult(string text) : ICniResult
{
    /// <summary>The exact stdout.</summary>
    public string Text { get; } = text;

    /// <inheritdoc/>
    public string CniVersion => "";

    /// <inheritdoc/>
    public ICniResult ConvertTo(string version) => this;

    /// <inheritdoc/>
    public void WriteTo(Utf8JsonWriter writer) => writer.WriteRawValue(Text);
}
