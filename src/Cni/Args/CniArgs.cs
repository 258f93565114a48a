namespace Cni;

/// <summary><c>CNI_ARGS</c> (<c>K=V;K2=V2</c>) parsed exactly like Go's <c>types.LoadArgs</c>.</summary>
public static class CniArgs
{
    /// <summary>The key every plugin accepts; when truthy, unknown keys are ignored.</summary>
    public const string IgnoreUnknown = "IgnoreUnknown";

    /// <summary>Splits into pairs, in order. Each piece must split on <c>=</c> into exactly two parts.</summary>
    /// <exception cref="CniException">Code 4: <c>ARGS: invalid pair "&lt;pair&gt;"</c>.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> Split(string? raw)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(raw))
        {
            return pairs;
        }
        foreach (var pair in raw.Split(';'))
        {
            var kv = pair.Split('=');
            if (kv.Length != 2)
            {
                throw Invalid($"ARGS: invalid pair \"{pair}\"");
            }
            pairs.Add(new(kv[0], kv[1]));
        }
        return pairs;
    }

    /// <summary>
    /// Binds the keys a plugin knows (case-sensitive, like Go struct field names). Unknown keys fail unless
    /// <c>IgnoreUnknown</c> is truthy anywhere in the string. Later duplicates win.
    /// </summary>
    /// <exception cref="CniException">Code 4 with Go's message.</exception>
    public static IReadOnlyDictionary<string, string> Load(string? raw, params IEnumerable<string> knownKeys)
    {
        var known = new HashSet<string>(knownKeys, StringComparer.Ordinal) { IgnoreUnknown };
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        foreach (var (key, value) in Split(raw))
        {
            if (!known.Contains(key))
            {
                unknown.Add(key + "=" + value);
                continue;
            }
            if (key == IgnoreUnknown)
            {
                _ = ParseBool(key, value);
            }
            values[key] = value;
        }
        bool ignore = values.TryGetValue(IgnoreUnknown, out var flag) && ParseBool(IgnoreUnknown, flag);
        if (unknown.Count > 0 && !ignore)
        {
            throw Invalid($"ARGS: unknown args {SpecVersions.GoQuoted(unknown)}");
        }
        return values;
    }

    /// <summary>Go's <c>UnmarshallableBool</c>: 1/true and 0/false, any case.</summary>
    public static bool ParseBool(string key, string value) => value.ToLowerInvariant() switch
    {
        "1" or "true" => true,
        "0" or "false" => false,
        var s => throw Invalid($"ARGS: error parsing value of pair \"{key}={value}\": boolean unmarshal error: invalid input {s}"),
    };

    private static CniException Invalid(string msg) => new(CniErrorCode.InvalidEnvironmentVariables, msg, "CNI_ARGS");
}
