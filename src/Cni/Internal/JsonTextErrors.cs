using System.Text;
using System.Text.Json;

namespace Cni.Internal;

/// <summary>Finds the string that is not valid text (bad UTF-8, a lone surrogate escape) and names it for the user.</summary>
internal static class JsonTextErrors
{
    public static string Describe(JsonElement root, InvalidOperationException e) =>
        Find(root, "$") is { } where ? $"invalid text in {where}" : e.Message;

    private static string? Find(JsonElement e, string path)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = p.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        return $"a key of {path}";
                    }
                    if (Find(p.Value, path + "." + name) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonValueKind.Array:
                int i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    if (Find(item, $"{path}[{i++}]") is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonValueKind.String:
                try
                {
                    _ = e.GetString();
                    return null;
                }
                catch (InvalidOperationException)
                {
                    // Show the value with the bad bytes replaced, so the user can find it.
                    var lossy = Encoding.UTF8.GetString(JsonMarshal(e));
                    return $"{path}: {lossy}";
                }
            default:
                return null;
        }
    }

    private static byte[] JsonMarshal(JsonElement e) => System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(e).ToArray();
}
