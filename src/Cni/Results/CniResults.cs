using System.Text;
using System.Text.Json;
using Cni.Internal;

namespace Cni;

/// <summary>Creating results from JSON and printing them (Go's <c>pkg/types/create</c> and <c>PrintResult</c>).</summary>
public static class CniResults
{
    /// <summary>Parses a result in the version its own <c>cniVersion</c> names ("" or missing means 0.1.0).</summary>
    /// <exception cref="CniException">Code 6 for JSON that is not a result; code 1 for an unknown version.</exception>
    public static ICniResult Parse(ReadOnlySpan<byte> json)
    {
        using var doc = ParseDocument(json);
        return Parse(doc.RootElement);
    }

    /// <summary>Parses a result element in the version its own <c>cniVersion</c> names.</summary>
    public static ICniResult Parse(JsonElement element)
    {
        var version = ReadVersion(element);
        var family = ResultFamilies.Of(version) ?? throw new CniException(
            CniErrorCode.IncompatibleCniVersion, $"unsupported CNI result version \"{version}\"");
        return Create(element, version, family);
    }

    /// <summary>
    /// Parses a <c>prevResult</c> with the family chosen by the config's version, like Go's
    /// <c>ParsePrevResult</c>: a missing <c>cniVersion</c> defaults to the config's.
    /// </summary>
    public static ICniResult ParseAs(JsonElement element, string configVersion)
    {
        string? version;
        try
        {
            version = element.ValueKind == JsonValueKind.Object ? new JsonFields(element).GetString("cniVersion") : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new CniException(CniErrorCode.DecodingFailure, "could not parse prevResult: " + e.Message);
        }
        if (string.IsNullOrEmpty(version))
        {
            version = configVersion;
        }
        var family = ResultFamilies.Of(configVersion) ?? throw new CniException(
            CniErrorCode.IncompatibleCniVersion, $"unsupported CNI result version \"{configVersion}\"");
        if (ResultFamilies.Of(version) != family)
        {
            throw new CniException(CniErrorCode.DecodingFailure,
                $"could not parse prevResult: result type supports {SpecVersions.GoQuoted(ResultFamilies.Versions(family)).Replace("\"", "", StringComparison.Ordinal)} but unmarshalled CNIVersion is \"{version}\"");
        }
        return Create(element, version.Length == 0 ? "0.1.0" : version, family);
    }

    private static ICniResult Create(JsonElement element, string version, ResultFamily family)
    {
        try
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException($"json: cannot unmarshal {JsonFields.GoKind(element.ValueKind)} into Go value of type result");
            }
            return family switch
            {
                ResultFamily.V020 => Result020.Read(element, version),
                ResultFamily.V040 => Result040.Read(element, version),
                _ => Result.Read(element, version),
            };
        }
        catch (JsonException e)
        {
            throw new CniException(CniErrorCode.DecodingFailure, e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw new CniException(CniErrorCode.DecodingFailure, e.Message);
        }
    }

    /// <summary>The <c>cniVersion</c> of a result or config document; "" when absent, 0.1.0 semantics left to the caller.</summary>
    public static string ReadVersion(JsonElement element)
    {
        try
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException($"json: cannot unmarshal {JsonFields.GoKind(element.ValueKind)} into Go value of type struct");
            }
            var v = new JsonFields(element).GetString("cniVersion");
            return string.IsNullOrEmpty(v) ? "0.1.0" : v;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new CniException(CniErrorCode.DecodingFailure, "decoding version from network config: " + e.Message);
        }
    }

    /// <summary>Parses JSON, mapping syntax errors to code 6 with Go's prefix.</summary>
    internal static JsonDocument ParseDocument(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new CniException(CniErrorCode.DecodingFailure, "decoding version from network config: " + e.Message);
        }
    }

    /// <summary>The result as JSON: 4-space indented without a trailing newline (Go's <c>Print</c>), or compact.</summary>
    public static string ToJson(ICniResult result, bool indented = true) => JsonOutput.Write(result.WriteTo, indented);

    /// <summary>The result as UTF-8 JSON bytes.</summary>
    public static byte[] ToUtf8(ICniResult result, bool indented = false) => JsonOutput.WriteBytes(result.WriteTo, indented);

    /// <summary>Converts to the config's version, then writes it, as Go's <c>types.PrintResult</c>.</summary>
    public static string ToJsonAs(ICniResult result, string configVersion) => ToJson(result.ConvertTo(configVersion));

    internal static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
