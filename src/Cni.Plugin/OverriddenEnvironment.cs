using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Cni.Plugin;

/// <summary>
/// An environment with one variable set, without copying the rest: lookups go to the base (the process environment
/// reads single variables without building the whole table). Enumerates like a <see cref="Dictionary{TKey, TValue}"/>
/// copy of the base with the variable then assigned: in the base's order, the variable in its place or last.
/// </summary>
internal sealed class OverriddenEnvironment(IReadOnlyDictionary<string, string> baseEnvironment, string name, string value)
    : IReadOnlyDictionary<string, string>
{
    public string this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => this.Select(e => e.Key);

    public IEnumerable<string> Values => this.Select(e => e.Value);

    public int Count => baseEnvironment.ContainsKey(name) ? baseEnvironment.Count : baseEnvironment.Count + 1;

    public bool ContainsKey(string key) => key == name || baseEnvironment.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string result)
    {
        if (key == name)
        {
            result = value;
            return true;
        }
        return baseEnvironment.TryGetValue(key, out result);
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        bool seen = false;
        foreach (var e in baseEnvironment)
        {
            if (e.Key == name)
            {
                seen = true;
                yield return new(name, value);
            }
            else
            {
                yield return e;
            }
        }
        if (!seen)
        {
            yield return new(name, value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
