using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Cni.Internal;

/// <summary>Writes JSON the way Go's encoding/json does: compact or 4-space indented, strings escaped by <see cref="GoJsonEncoder"/>.</summary>
internal static class JsonOutput
{
    public static JsonWriterOptions Options(bool indented) => new()
    {
        Indented = indented,
        IndentSize = 4,
        Encoder = GoJsonEncoder.Instance,
        SkipValidation = false,
    };

    public static string Write(Action<Utf8JsonWriter> write, bool indented)
    {
        return Encoding.UTF8.GetString(WriteBytes(write, indented));
    }

    public static byte[] WriteBytes(Action<Utf8JsonWriter> write, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, Options(indented)))
        {
            write(w);
        }
        return buffer.WrittenSpan.ToArray();
    }
}
