using System.Text;
using System.Text.Json;

namespace Cni.Deploy.Tests;

/// <summary>
/// Encodes an OpenAPI v2 (swagger) JSON document as the protobuf kubectl asks for
/// (<c>application/com.github.proto-openapi.spec.v2@v1.0+protobuf</c>, gnostic's <c>openapi.v2.Document</c>).
/// Only what kubectl's validator reads from definitions: $ref, format, required, additionalProperties,
/// type, items, properties and the x- vendor extensions (x-kubernetes-group-version-kind finds a kind's schema).
/// Field numbers are those of gnostic's openapiv2/OpenAPIv2.proto.
/// </summary>
internal static class OpenApiProto
{
    public static byte[] Encode(JsonElement swagger)
    {
        var doc = new MemoryStream();
        String(doc, 1, swagger.GetProperty("swagger").GetString()!);
        var info = new MemoryStream();
        String(info, 1, swagger.GetProperty("info").GetProperty("title").GetString()!);
        String(info, 2, swagger.GetProperty("info").GetProperty("version").GetString()!);
        Message(doc, 2, info);
        var definitions = new MemoryStream();
        foreach (var def in swagger.GetProperty("definitions").EnumerateObject())
        {
            Message(definitions, 1, Named(def.Name, Schema(def.Value)));
        }
        Message(doc, 9, definitions);
        return doc.ToArray();
    }

    private static MemoryStream Schema(JsonElement s)
    {
        var o = new MemoryStream();
        if (s.TryGetProperty("$ref", out var r)) String(o, 1, r.GetString()!);
        if (s.TryGetProperty("format", out var f)) String(o, 2, f.GetString()!);
        if (s.TryGetProperty("required", out var req))
        {
            foreach (var name in req.EnumerateArray()) String(o, 19, name.GetString()!);
        }
        if (s.TryGetProperty("additionalProperties", out var ap))
        {
            var item = new MemoryStream();
            if (ap.ValueKind == JsonValueKind.Object) Message(item, 1, Schema(ap));
            else
            {
                Varint(item, (2 << 3) | 0);
                Varint(item, ap.GetBoolean() ? 1UL : 0UL);
            }
            Message(o, 21, item);
        }
        if (s.TryGetProperty("type", out var t))
        {
            var type = new MemoryStream();
            if (t.ValueKind == JsonValueKind.String) String(type, 1, t.GetString()!);
            else foreach (var x in t.EnumerateArray()) String(type, 1, x.GetString()!);
            Message(o, 22, type);
        }
        if (s.TryGetProperty("items", out var items))
        {
            var list = new MemoryStream();
            if (items.ValueKind == JsonValueKind.Object) Message(list, 1, Schema(items));
            else foreach (var x in items.EnumerateArray()) Message(list, 1, Schema(x));
            Message(o, 23, list);
        }
        if (s.TryGetProperty("properties", out var props))
        {
            var p = new MemoryStream();
            foreach (var prop in props.EnumerateObject()) Message(p, 1, Named(prop.Name, Schema(prop.Value)));
            Message(o, 25, p);
        }
        foreach (var ext in s.EnumerateObject().Where(e => e.Name.StartsWith("x-", StringComparison.Ordinal)))
        {
            // openapi.v2.Any { string yaml = 2; } — JSON is YAML.
            var any = new MemoryStream();
            String(any, 2, ext.Value.GetRawText());
            Message(o, 31, Named(ext.Name, any));
        }
        return o;
    }

    private static MemoryStream Named(string name, MemoryStream value)
    {
        var n = new MemoryStream();
        String(n, 1, name);
        Message(n, 2, value);
        return n;
    }

    private static void String(Stream o, int field, string value) => Bytes(o, field, Encoding.UTF8.GetBytes(value));

    private static void Message(Stream o, int field, MemoryStream value) => Bytes(o, field, value.ToArray());

    private static void Bytes(Stream o, int field, byte[] value)
    {
        Varint(o, ((ulong)field << 3) | 2);
        Varint(o, (ulong)value.Length);
        o.Write(value);
    }

    private static void Varint(Stream o, ulong v)
    {
        while (v >= 0x80)
        {
            o.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        o.WriteByte((byte)v);
    }
}
