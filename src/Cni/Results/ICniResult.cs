using System.Text.Json;

namespace Cni;

/// <summary>A success result of one spec-version family.</summary>
public interface ICniResult
{
    /// <summary>The result's spec version; may be empty for unversioned legacy output.</summary>
    string CniVersion { get; }

    /// <summary>Converts to <paramref name="version"/> ("" means 0.1.0), as Go's <c>GetAsVersion</c>.</summary>
    /// <exception cref="CniException">Code 1 when no conversion exists or it loses every address.</exception>
    ICniResult ConvertTo(string version);

    /// <summary>Writes the result object with this family's key order and omissions.</summary>
    void WriteTo(Utf8JsonWriter writer);
}
