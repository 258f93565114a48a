using System.Text.Json;
using Cni.Internal;

namespace Cni;

/// <summary>The spec's error object: <c>{"cniVersion","code","msg","details"}</c>.</summary>
public static class CniError
{
    /// <summary>Writes the error object, 4-space indented like Go's plugins print it.</summary>
    public static string ToJson(CniException error, string? cniVersion)
    {
        return JsonOutput.Write(w =>
        {
            w.WriteStartObject();
            if (!string.IsNullOrEmpty(cniVersion))
            {
                w.WriteString("cniVersion", cniVersion);
            }
            w.WriteNumber("code", error.Code);
            w.WriteString("msg", error.Msg);
            if (error.Details.Length > 0)
            {
                w.WriteString("details", error.Details);
            }
            w.WriteEndObject();
        }, indented: true);
    }

    /// <summary>Parses an error object printed by a plugin. Returns null when <paramref name="json"/> is not a JSON object.</summary>
    public static CniException? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            var o = new JsonFields(doc.RootElement);
            uint code = o.Get("code") is { ValueKind: JsonValueKind.Number } c && c.TryGetUInt32(out var v) ? v : 0;
            return new CniException(code, o.GetString("msg") ?? "", o.GetString("details"));
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
