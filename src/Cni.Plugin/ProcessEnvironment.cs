using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Cni.Plugin;

/// <summary>
/// The process environment as a dictionary that reads single variables directly and copies the whole
/// environment only when enumerated (to hand it to a delegate): most calls never need the copy, and every
/// plugin call pays for start-up.
/// </summary>
internal sealed class ProcessEnvironment : IReadOnlyDictionary<string, string>
{
    private Dictionary<string, string>? _all;

    private Dictionary<string, string> All => _all ??= Snapshot();

    public string this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => All.Keys;

    public IEnumerable<string> Values => All.Values;

    public int Count => All.Count;

    public bool ContainsKey(string key) => Environment.GetEnvironmentVariable(key) is not null;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        value = Environment.GetEnvironmentVariable(key);
        return value is not null;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => All.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static Dictionary<string, string> Snapshot()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            env[(string)e.Key] = (string?)e.Value ?? "";
        }
        return env;
    }
}
