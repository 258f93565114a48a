using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cni.Plugin;

namespace Cni.Plugins.Common;

/// <summary>Reads a plugin's own config record from stdin (source-generated, case-insensitive like Go).</summary>
internal static class ConfigLoader
{
    public static T Load<T>(PluginRequest request, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(request.Config.Bytes.Span, type)
                   ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "failed to load netconf: null config");
        }
        catch (JsonException e)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "failed to load netconf: " + e.Message);
        }
    }

    /// <summary>The requested container MAC: CNI_ARGS <c>MAC</c> &lt; <c>args.cni.mac</c> &lt; runtimeConfig <c>mac</c>, last wins.</summary>
    public static string? RequestedMac(PluginRequest request, params IEnumerable<string> otherArgs)
    {
        string? mac = CniArgs.Load(request.Args, ["MAC", .. otherArgs]).GetValueOrDefault("MAC");
        if (request.Config.Args is { } args && Member(args, "cni") is { ValueKind: JsonValueKind.Object } cni &&
            Member(cni, "mac") is { ValueKind: JsonValueKind.String } fromArgs)
        {
            mac = fromArgs.GetString();
        }
        if (request.Config.RuntimeConfigValue("mac") is { ValueKind: JsonValueKind.String } fromRuntime)
        {
            mac = fromRuntime.GetString();
        }
        return string.IsNullOrEmpty(mac) ? null : mac;
    }

    private static JsonElement? Member(JsonElement o, string name)
    {
        foreach (var p in o.EnumerateObject())
        {
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }
        return null;
    }
}
