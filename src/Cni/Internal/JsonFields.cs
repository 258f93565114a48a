using System.Text.Json;

namespace Cni.Internal;

/// <summary>
/// Reads an object's members the way Go's encoding/json matches struct fields: an exact name wins,
/// otherwise any case-insensitive match; with duplicates the last one wins.
/// </summary>
internal readonly struct JsonFields
{
    private readonly JsonElement _object;

    public JsonFields(JsonElement obj) =>
        _object = obj.ValueKind == JsonValueKind.Object
            ? obj
            : throw new JsonException($"json: cannot unmarshal {GoKind(obj.ValueKind)} into Go value of type object");

    public JsonElement? Get(string name)
    {
        JsonElement? exact = null, folded = null;
        foreach (var p in _object.EnumerateObject())
        {
            if (p.NameEquals(name))
            {
                exact = p.Value;
            }
            else if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                folded = p.Value;
            }
        }
        var found = exact ?? folded;
        return found is { ValueKind: JsonValueKind.Null } ? null : found;
    }

    /// <summary>A string member; null when absent or JSON null; a type error when it is not a string.</summary>
    public string? GetString(string name)
    {
        var v = Get(name);
        if (v is null)
        {
            return null;
        }
        return v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString() : throw TypeError(name, "string", v.Value);
    }

    public int? GetInt(string name)
    {
        var v = Get(name);
        if (v is null)
        {
            return null;
        }
        return v.Value.ValueKind == JsonValueKind.Number && v.Value.TryGetInt32(out var i) ? i : throw TypeError(name, "int", v.Value);
    }

    public bool? GetBool(string name)
    {
        var v = Get(name);
        return v?.ValueKind switch
        {
            null => null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw TypeError(name, "bool", v.Value),
        };
    }

    public JsonElement? GetObject(string name)
    {
        var v = Get(name);
        if (v is null)
        {
            return null;
        }
        return v.Value.ValueKind == JsonValueKind.Object ? v : throw TypeError(name, "object", v.Value);
    }

    public JsonElement? GetArray(string name)
    {
        var v = Get(name);
        if (v is null)
        {
            return null;
        }
        return v.Value.ValueKind == JsonValueKind.Array ? v : throw TypeError(name, "array", v.Value);
    }

    public List<string>? GetStrings(string name)
    {
        var v = GetArray(name);
        if (v is null)
        {
            return null;
        }
        var list = new List<string>();
        foreach (var e in v.Value.EnumerateArray())
        {
            list.Add(e.ValueKind == JsonValueKind.String ? e.GetString()! : throw TypeError(name, "string", e));
        }
        return list;
    }

    /// <summary>The Go-style message for a value of the wrong JSON type.</summary>
    public static JsonException TypeError(string field, string goType, JsonElement value) =>
        new($"json: cannot unmarshal {GoKind(value.ValueKind)} into Go struct field .{field} of type {goType}");

    public static string GoKind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };
}
