using System.Text.Json;

namespace Cni.Internal;

/// <summary>Re-serializes JSON compactly with object keys sorted, as Go does for generic maps.</summary>
internal static class SortedJson
{
    public static byte[] Write(JsonElement element) => JsonOutput.WriteBytes(w => WriteValue(w, element), indented: false);

    public static void WriteValue(Utf8JsonWriter w, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                var seen = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var p in e.EnumerateObject())
                {
                    seen[p.Name] = p.Value;
                }
                foreach (var key in seen.Keys.Order(StringComparer.Ordinal))
                {
                    w.WritePropertyName(key);
                    WriteValue(w, seen[key]);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in e.EnumerateArray())
                {
                    WriteValue(w, item);
                }
                w.WriteEndArray();
                break;
            default:
                e.WriteTo(w);
                break;
        }
    }
}
