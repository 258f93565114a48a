using System.Text;
using System.Text.Json;

namespace Cni.Plugins.Common;

/// <summary>
/// A hand-written config reader that behaves like the source-generated <c>JsonSerializer</c> path it replaces
/// (case-insensitive names, every occurrence of a key assigned so the last wins, the first bad value in document
/// order fails) and words its errors identically: <c>The JSON value could not be converted to T. Path: $.x |
/// LineNumber: L | BytePositionInLine: B.</c> Building <c>JsonTypeInfo</c> metadata cost 13–20 % of a bridge
/// ADD/DEL's CPU (docs/performance.md), which a reader over the bytes does not pay.
/// </summary>
/// <remarks>
/// Every read leaves the reader on the value's last token (the value itself, or its <c>EndObject</c>/<c>EndArray</c>).
/// The input has already been parsed by <see cref="NetworkConfig.Parse"/>, so it is one syntactically valid object.
/// </remarks>
internal ref struct ConfigReader
{
    public const string String = "System.String";

    private readonly ReadOnlySpan<byte> _json;
    private readonly List<(string? Member, int Index)> _path;
    private readonly int _start;
    private readonly int _failAt;
    private Utf8JsonReader _reader;

    public ConfigReader(ReadOnlySpan<byte> json)
        : this(json, 0, [], -1)
    {
    }

    private ConfigReader(ReadOnlySpan<byte> json, int start, List<(string?, int)> path, int failAt)
    {
        _json = json;
        _start = start;
        _path = path;
        _failAt = failAt;
        _reader = new Utf8JsonReader(json[start..]);
        _reader.Read();
    }

    /// <summary>Where the current value starts, to read it later with <see cref="At"/>.</summary>
    public readonly int ValueStart => _start + (int)_reader.TokenStartIndex;

    /// <summary>
    /// A reader on the value that starts at <paramref name="valueStart"/>, with this reader's path. Its errors give the
    /// current position, as the serializer's do for a property it sets after reading the whole object.
    /// </summary>
    public readonly ConfigReader At(int valueStart) => new(_json, valueStart, _path, _start + (int)_reader.BytesConsumed);

    /// <summary>At an object's start: false unless it is an object (null: false without error). Fails for other tokens.</summary>
    public readonly bool BeginObject(string type) => _reader.TokenType switch
    {
        JsonTokenType.StartObject => true,
        JsonTokenType.Null => false,
        _ => throw Fail(type),
    };

    /// <summary>
    /// Moves to the next member's value; false at the object's end. <paramref name="name"/> is unescaped; a name that
    /// does not unescape to text fails naming <paramref name="owner"/>, the object's type.
    /// </summary>
    public bool NextMember(string owner, out string name)
    {
        _reader.Read();
        if (_reader.TokenType == JsonTokenType.EndObject)
        {
            name = "";
            return false;
        }
        name = MemberName(owner);
        _reader.Read();
        return true;
    }

    /// <summary>Moves to the next array element; false at the array's end.</summary>
    public bool NextElement()
    {
        _reader.Read();
        return _reader.TokenType != JsonTokenType.EndArray;
    }

    /// <summary>Skips the current value.</summary>
    public void Skip() => _reader.Skip();

    /// <summary>Enters a member for error paths; pair with <see cref="Leave"/>.</summary>
    public readonly void Enter(string member) => _path.Add((member, 0));

    /// <summary>Enters an array element for error paths; pair with <see cref="Leave"/>.</summary>
    public readonly void Enter(int index) => _path.Add((null, index));

    public readonly void Leave() => _path.RemoveAt(_path.Count - 1);

    /// <summary>The name as written matches <paramref name="known"/> the way the serializer's case-insensitive lookup does.</summary>
    public static bool Is(string name, string known) => string.Equals(name, known, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A string or null. <paramref name="owner"/> names the type in errors: the serializer names the object that holds
    /// an init-only property (it reads those as constructor arguments), the property's own type otherwise.
    /// </summary>
    public readonly string? ReadString(string owner)
    {
        switch (_reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                try
                {
                    return _reader.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw Fail(owner);
                }
            default:
                throw Fail(owner);
        }
    }

    /// <summary>A bool (JSON null fails too).</summary>
    public readonly bool ReadBool(string owner) => _reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Fail(owner),
    };

    /// <summary>An int: no fraction, exponent or overflow (JSON null fails too).</summary>
    public readonly int ReadInt(string owner) =>
        _reader.TokenType == JsonTokenType.Number && _reader.TryGetInt32(out var i) ? i : throw Fail(owner);

    public readonly int? ReadNullableInt(string owner) => _reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number when _reader.TryGetInt32(out var i) => i,
        _ => throw Fail(owner),
    };

    /// <summary>A ulong: no sign, fraction, exponent or overflow (JSON null fails too).</summary>
    public readonly ulong ReadULong(string owner) =>
        _reader.TokenType == JsonTokenType.Number && _reader.TryGetUInt64(out var u) ? u : throw Fail(owner);

    public readonly ulong? ReadNullableULong(string owner) => _reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.Number when _reader.TryGetUInt64(out var u) => u,
        _ => throw Fail(owner),
    };

    /// <summary>A list of strings (null elements kept); <paramref name="type"/> names the list type in errors.</summary>
    public List<string?>? ReadStrings(string type)
    {
        if (!BeginArray(type))
        {
            return null;
        }
        var list = new List<string?>();
        while (NextElement())
        {
            Enter(list.Count);
            list.Add(ReadString(String));
            Leave();
        }
        return list;
    }

    /// <summary>At an array's start: false for null; fails for other tokens.</summary>
    public readonly bool BeginArray(string type) => _reader.TokenType switch
    {
        JsonTokenType.StartArray => true,
        JsonTokenType.Null => false,
        _ => throw Fail(type),
    };

    /// <summary>The serializer's message for a value that is not a <paramref name="type"/>, at the current token.</summary>
    public readonly JsonException Fail(string type)
    {
        var consumed = _json[..(_failAt >= 0 ? _failAt : _start + (int)_reader.BytesConsumed)];
        int line = consumed.Count((byte)'\n');
        int lineStart = consumed.LastIndexOf((byte)'\n') + 1;
        var path = new StringBuilder("$");
        foreach (var (member, index) in _path)
        {
            // Members on a path matched a known name case-insensitively: letters only, none needs the ['...'] form.
            _ = member is null ? path.Append('[').Append(index).Append(']')
                : member.StartsWith('[') ? path.Append(member) // a dictionary key, already in the ['...'] form
                : path.Append('.').Append(member);
        }
        return new JsonException(
            $"The JSON value could not be converted to {type}. Path: {path} | LineNumber: {line} | BytePositionInLine: {consumed.Length - lineStart}.");
    }

    private readonly string MemberName(string owner)
    {
        if (!_reader.ValueIsEscaped)
        {
            return Encoding.UTF8.GetString(_reader.ValueSpan);
        }
        try
        {
            return _reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Fail(owner);
        }
    }

    /// <summary>A bool or null (other tokens fail).</summary>
    public readonly bool? ReadNullableBool(string owner) => _reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Fail(owner),
    };

    /// <summary>
    /// A string-to-string dictionary (null values kept, a repeated key's last value wins in its first place);
    /// <paramref name="type"/> names the dictionary type in errors, a value's errors name <see cref="String"/>.
    /// </summary>
    public Dictionary<string, string?>? ReadStringMap(string type)
    {
        if (!BeginObject(type))
        {
            return null;
        }
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? previous = null;
        while (true)
        {
            _reader.Read();
            if (_reader.TokenType == JsonTokenType.EndObject)
            {
                return map;
            }
            string key;
            try
            {
                // Keys are decoded strictly (not-UTF-8 bytes fail too); the error's path still ends in the previous key.
                key = _reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                if (previous is not null)
                {
                    _path.Add((KeySegment(previous), 0));
                }
                throw Fail(String);
            }
            _reader.Read();
            _path.Add((KeySegment(key), 0));
            map[key] = ReadString(String);
            Leave();
            previous = key;
        }
    }

    private static readonly System.Buffers.SearchValues<char> PathSpecials =
        System.Buffers.SearchValues.Create(". '/\"[]()\t\n\r\f\b\\\u0085\u2028\u2029");

    /// <summary>A dictionary key on an error path as the serializer writes it: <c>.key</c>, or <c>['key']</c> with special characters.</summary>
    private static string KeySegment(string key) =>
        key.AsSpan().ContainsAny(PathSpecials)
            ? "['" + key + "']"
            : key;
}
