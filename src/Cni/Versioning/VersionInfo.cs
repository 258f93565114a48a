using System.Text.Json;
using Cni.Internal;

namespace Cni;

/// <summary>The VERSION result: the spec versions a plugin supports.</summary>
public sealed record VersionInfo(string CniVersion, IReadOnlyList<string> SupportedVersions)
{
    /// <summary>The reply of a plugin supporting <paramref name="supported"/>; <c>cniVersion</c> is the library version like Go's skeleton writes.</summary>
    public static VersionInfo For(IReadOnlyList<string> supported) => new(SpecVersions.Current, supported);

    /// <summary>Compact JSON with a trailing newline, byte-identical to Go's skeleton.</summary>
    public string ToJson() => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("cniVersion", CniVersion);
        w.WriteStartArray("supportedVersions");
        foreach (var v in SupportedVersions)
        {
            w.WriteStringValue(v);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }, indented: false) + "\n";

    /// <summary>Decodes a plugin's VERSION output like Go's <c>PluginDecoder</c>.</summary>
    /// <exception cref="CniException">Code 6 with Go's message when the output is not a version reply.</exception>
    public static VersionInfo Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException($"json: cannot unmarshal {JsonFields.GoKind(doc.RootElement.ValueKind)} into Go value of type version.pluginInfo");
            }
            var o = new JsonFields(doc.RootElement);
            var cniVersion = o.GetString("cniVersion");
            if (string.IsNullOrEmpty(cniVersion))
            {
                throw Fail("missing field cniVersion");
            }
            var supported = o.GetStrings("supportedVersions");
            if (supported is null || supported.Count == 0)
            {
                return cniVersion == "0.2.0"
                    ? new VersionInfo(cniVersion, SpecVersions.Legacy)
                    : throw Fail("missing field supportedVersions");
            }
            return new VersionInfo(cniVersion, supported);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw Fail(e.Message);
        }
    }

    private static CniException Fail(string why) => new(CniErrorCode.DecodingFailure, "decoding version info: " + why);
}
