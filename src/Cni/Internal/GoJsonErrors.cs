using System.Text.Json;

namespace Cni.Internal;

/// <summary>Words JSON syntax errors the way Go's encoding/json does where runtimes and people match on them.</summary>
internal static class GoJsonErrors
{
    public static string Message(JsonException e)
    {
        var text = e.Message;
        if (text.Contains("Expected depth to be zero", StringComparison.Ordinal) ||
            text.Contains("does not contain any JSON tokens", StringComparison.Ordinal) ||
            text.Contains("end of data", StringComparison.Ordinal))
        {
            return "unexpected end of JSON input";
        }
        return text;
    }
}
