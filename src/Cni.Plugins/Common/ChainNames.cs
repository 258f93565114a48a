using Cni.Internal;

namespace Cni.Plugins.Common;

/// <summary>The hashed names and comments of Go's <c>pkg/utils</c>: chains and rules must carry exactly these.</summary>
internal static class ChainNames
{
    /// <summary><c>(prefix + lowercase hex SHA-512(s))[:length]</c>.</summary>
    public static string Hash(int length, string prefix, string s)
    {
        if (prefix.Length >= length || length > 128)
        {
            throw new ArgumentOutOfRangeException(nameof(length));
        }
        return (prefix + Sha512Hex(s))[..length];
    }

    /// <summary><c>CNI-</c> + 24 hex chars of SHA-512(name + id): 28 characters.</summary>
    public static string Chain(string name, string id, string prefix = "") => Hash(28, "CNI-" + prefix, name + id);

    /// <summary><c>name: "&lt;name&gt;" id: "&lt;id&gt;"</c> (Go <c>%q</c>).</summary>
    public static string Comment(string name, string id) => $"name: {GoQuote(name)} id: {GoQuote(id)}";

    public static string Sha512Hex(string s) => Sha512.HexOf(s);

    /// <summary>Go's <c>%q</c> for the characters names may hold (validated names never need more).</summary>
    public static string GoQuote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
