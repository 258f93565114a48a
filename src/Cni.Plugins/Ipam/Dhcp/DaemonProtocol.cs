using System.Text;
using System.Text.Json;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>
/// The plugin ↔ daemon wire format: one JSON object per line, one request and one response per connection, each
/// carrying <c>"version": 1</c>. A response holds either <c>result</c> (a CNI 1.1.0 result, or <c>{}</c>) or
/// <c>error</c> (<c>code</c>, <c>msg</c>, <c>details</c>). Not Go's net/rpc + gob: see docs/dhcp.md.
/// </summary>
internal static class DaemonProtocol
{
    public const int Version = 1;

    public static byte[] EncodeRequest(DaemonRequest request) => Write(w =>
    {
        w.WriteNumber("version", Version);
        w.WriteString("method", request.Method);
        w.WriteString("containerId", request.ContainerId);
        w.WriteString("netns", request.Netns);
        w.WriteString("ifName", request.IfName);
        w.WriteString("args", request.Args);
        // Re-written compactly: a pretty-printed config would break the one-line framing.
        w.WritePropertyName("config");
        using var config = JsonDocument.Parse(request.Config);
        config.RootElement.WriteTo(w);
    });

    /// <exception cref="CniException">Code 6 for anything that is not a request; code 1 for another protocol version.</exception>
    public static DaemonRequest DecodeRequest(ReadOnlySpan<byte> line)
    {
        using var doc = Parse(line);
        var root = doc.RootElement;
        CheckVersion(root);
        if (!root.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("request without a config object");
        }
        return new DaemonRequest
        {
            Method = String(root, "method"),
            ContainerId = String(root, "containerId"),
            Netns = String(root, "netns"),
            IfName = String(root, "ifName"),
            Args = String(root, "args"),
            Config = Encoding.UTF8.GetBytes(config.GetRawText()),
        };
    }

    public static byte[] EncodeResult(ICniResult? result) => Write(w =>
    {
        w.WriteNumber("version", Version);
        w.WritePropertyName("result");
        if (result is null)
        {
            w.WriteStartObject();
            w.WriteEndObject();
        }
        else
        {
            w.WriteRawValue(CniResults.ToUtf8(result));
        }
    });

    public static byte[] EncodeError(CniException error) => Write(w =>
    {
        w.WriteNumber("version", Version);
        w.WriteStartObject("error");
        w.WriteNumber("code", error.Code);
        w.WriteString("msg", error.Msg);
        if (error.Details.Length > 0)
        {
            w.WriteString("details", error.Details);
        }
        w.WriteEndObject();
    });

    /// <summary>The result of a response (null for <c>{}</c>).</summary>
    /// <exception cref="CniException">The daemon's error, or code 6 for a malformed response.</exception>
    public static ICniResult? DecodeResponse(ReadOnlySpan<byte> line)
    {
        using var doc = Parse(line);
        var root = doc.RootElement;
        CheckVersion(root);
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            uint code = error.TryGetProperty("code", out var c) && c.TryGetUInt32(out var v) ? v : CniErrorCode.Internal;
            var details = String(error, "details");
            throw new CniException(code, String(error, "msg"), details.Length > 0 ? details : null);
        }
        if (!root.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("response without result or error");
        }
        return result.EnumerateObject().Any() ? CniResults.Parse(result) : null;
    }

    private static void CheckVersion(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Malformed("not a JSON object");
        }
        if (!root.TryGetProperty("version", out var v) || !v.TryGetInt32(out var version) || version != Version)
        {
            var got = root.TryGetProperty("version", out var raw) ? raw.GetRawText() : "none";
            throw new CniException(CniErrorCode.IncompatibleCniVersion,
                $"dhcp daemon protocol version mismatch: expected {Version}, got {got}",
                "the dhcp plugin and the dhcp daemon must come from the same release");
        }
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            return JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException e)
        {
            throw Malformed(e.Message);
        }
    }

    private static string String(JsonElement o, string name) =>
        o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "";

    private static CniException Malformed(string why) => new(CniErrorCode.DecodingFailure, "malformed dhcp daemon message: " + why);

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
