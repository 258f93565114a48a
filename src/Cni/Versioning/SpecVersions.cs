namespace Cni;

/// <summary>The spec versions this library knows, and the preset lists of Go's <c>pkg/version</c>.</summary>
public static class SpecVersions
{
    /// <summary>The newest spec version, the library's own.</summary>
    public const string Current = "1.1.0";

    /// <summary>Every released spec version, oldest first.</summary>
    public static IReadOnlyList<string> All { get; } = ["0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"];

    /// <summary>The versions before result lists existed.</summary>
    public static IReadOnlyList<string> Legacy { get; } = ["0.1.0", "0.2.0"];

    /// <summary>The versions from <paramref name="min"/> on, as Go's <c>VersionsStartingFrom</c>.</summary>
    public static IReadOnlyList<string> StartingFrom(string min)
    {
        var floor = SpecVersion.Parse(min);
        return All.Where(v => SpecVersion.Parse(v) >= floor).ToArray();
    }

    /// <summary>Whether the version is one of the seven released versions.</summary>
    public static bool IsKnown(string version) => All.Contains(version);

    /// <summary>Formats a list the way Go's <c>%q</c> prints a string slice: <c>["a" "b"]</c>.</summary>
    public static string GoQuoted(IEnumerable<string> versions) =>
        "[" + string.Join(' ', versions.Select(v => "\"" + v + "\"")) + "]";
}
