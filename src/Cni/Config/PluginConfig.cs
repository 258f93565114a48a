using System.Text.Json;

namespace Cni;

/// <summary>One plugin's entry in a network configuration list: its parsed view and its bytes.</summary>
public sealed record PluginConfig(NetworkConfig Network, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>Parses a single plugin object; <c>type</c> is required.</summary>
    /// <exception cref="CniException">Code 7 <c>error parsing configuration: ...</c>.</exception>
    public static PluginConfig Parse(ReadOnlyMemory<byte> bytes)
    {
        NetworkConfig parsed;
        try
        {
            parsed = NetworkConfig.Parse(bytes);
        }
        catch (CniException e)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig,
                "error parsing configuration: " + e.Msg.Replace("error unmarshall network config: ", "", StringComparison.Ordinal));
        }
        if (parsed.Type.Length == 0)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "error parsing configuration: missing 'type'");
        }
        return new PluginConfig(parsed, bytes);
    }

    /// <summary>The plugin's root object.</summary>
    public JsonElement Root => Network.Root;
}
