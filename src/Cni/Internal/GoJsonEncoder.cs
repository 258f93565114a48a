using System.Globalization;
using System.Text.Encodings.Web;

namespace Cni.Internal;

/// <summary>
/// Escapes strings exactly as Go's encoding/json does: <c>\"</c>, <c>\\</c>, <c>\b \f \n \r \t</c>, other control
/// characters and <c>&lt; &gt; &amp;</c>, U+2028, U+2029 as lowercase <c>\u00xx</c>; everything else literal.
/// The BCL encoders also escape <c>+</c>, <c>'</c> and <c>`</c> and use uppercase hex, which makes files such as the
/// result cache (base64 is full of <c>+</c>) differ byte for byte from what Go writes.
/// </summary>
internal sealed class GoJsonEncoder : JavaScriptEncoder
{
    public static GoJsonEncoder Instance { get; } = new();

    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar is '"' or '\\' or '<' or '>' or '&' or 0x2028 or 0x2029;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (int i = 0; i < textLength; i++)
        {
            if (WillEncode(text[i]))
            {
                return i;
            }
        }
        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        string s = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\b' => "\\b",
            '\f' => "\\f",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ when WillEncode(unicodeScalar) => "\\u" + unicodeScalar.ToString("x4", CultureInfo.InvariantCulture),
            _ => char.ConvertFromUtf32(unicodeScalar),
        };
        if (s.Length > bufferLength)
        {
            numberOfCharactersWritten = 0;
            return false;
        }
        s.AsSpan().CopyTo(new Span<char>(buffer, bufferLength));
        numberOfCharactersWritten = s.Length;
        return true;
    }
}
