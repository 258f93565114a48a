using System.Text.Json;
using Cni.Internal;

namespace Cni.Runtime.Internal;

/// <summary>An ADD's stdout as Go's <c>ExecPluginWithResult</c> reads it (<c>fixupResultVersion</c>, then <c>create.Create</c>).</summary>
internal static class AddResult
{
    /// <summary>
    /// Parses the result in its own version; a result without a string <c>cniVersion</c> takes the request's
    /// (issue #895). <c>null</c> counts as an empty object. The result is not converted.
    /// </summary>
    public static ICniResult Parse(byte[] stdout, string requestVersion)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(stdout);
        }
        catch (JsonException e)
        {
            throw new CniException(CniErrorCode.DecodingFailure, "failed to unmarshal raw result: " + e.Message);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
            {
                throw new CniException(CniErrorCode.DecodingFailure,
                    $"failed to unmarshal raw result: json: cannot unmarshal {JsonFields.GoKind(root.ValueKind)} into Go value of type map[string]interface {{}}");
            }
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("cniVersion", out var v) &&
                v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0)
            {
                return CniResults.Parse(root);
            }
            var version = requestVersion.Length == 0 ? "0.1.0" : requestVersion;
            var fixedBytes = Requests.Inject(root.ValueKind == JsonValueKind.Null ? "{}"u8.ToArray() : stdout,
                new Dictionary<string, Action<Utf8JsonWriter>> { ["cniVersion"] = w => w.WriteStringValue(version) });
            return CniResults.Parse(fixedBytes);
        }
    }
}
