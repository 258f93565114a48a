using System.Text.Json;

namespace Cni.Linux.VmTests;

/// <summary>Assertions that throw <see cref="CheckFailedException"/> naming what was compared.</summary>
internal static class Expect
{
    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            throw new CheckFailedException($"{what}: expected {expected}, got {actual}");
    }

    public static void True(bool condition, string what)
    {
        if (!condition)
            throw new CheckFailedException(what);
    }

    public static T NotNull<T>(T? value, string what)
        where T : class => value ?? throw new CheckFailedException($"{what}: got null");

    /// <summary>The property at <paramref name="path"/> (e.g. <c>linkinfo.info_data.mode</c>) of an <c>ip -j</c> object.</summary>
    public static JsonElement Path(JsonElement json, string path)
    {
        var current = json;
        foreach (var name in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                throw new CheckFailedException($"ip shows no {path} in {Truncate(json.GetRawText())}");
        }

        return current;
    }

    public static void Json(string expected, JsonElement json, string path, string? what = null)
    {
        var actual = Path(json, path);
        var text = actual.ValueKind == JsonValueKind.String ? actual.GetString() : actual.GetRawText();
        Equal(expected, text, what ?? $"ip {path}");
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
