using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Cni;
using Cni.Plugin;

namespace HelloPlugin;

/// <summary>
/// An IPAM plugin that hands out the one address its config names:
/// <c>"ipam": { "type": "hello", "address": "198.18.42.2/24", "gateway": "198.18.42.1" }</c>.
/// It touches no kernel state, so DEL has nothing to undo.
/// </summary>
public sealed class HelloIpam : Plugin
{
    public override string Name => "hello";

    public override ICniResult Add(PluginRequest request)
    {
        var ipam = Load(request);
        var result = new Result();
        result.Ips.Add(new IPConfig
        {
            Address = CidrAddress.Parse(ipam.Address),
            Gateway = ipam.Gateway is null ? null : IPAddress.Parse(ipam.Gateway),
        });
        return result; // any version: the skeleton converts it to the config's cniVersion
    }

    public override void Del(PluginRequest request)
    {
        // Nothing was allocated. DEL must succeed even when ADD never ran.
    }

    public override void Check(PluginRequest request)
    {
        // CHECK gets ADD's result as prevResult: our address must still be in it.
        var ipam = Load(request);
        var prev = request.Config.ParsePrevResult()
                   ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "hello: CHECK needs prevResult");
        if (!prev.Ips.Any(ip => ip.Address.ToString() == ipam.Address))
        {
            throw new CniException(CniErrorCode.Internal, $"hello: {ipam.Address} is not in prevResult");
        }
    }

    private static HelloConfig Load(PluginRequest request)
    {
        // NetworkConfig has already parsed the common keys; the ipam object is ours to read.
        if (request.Config.Ipam is not { ValueKind: JsonValueKind.Object } ipam)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "hello: missing \"ipam\" object");
        }
        var config = ipam.Deserialize(HelloJson.Default.HelloConfig);
        if (string.IsNullOrEmpty(config?.Address))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "hello: ipam.address is required");
        }
        return config;
    }
}

/// <summary>The plugin's own keys, read with source-generated JSON (NativeAOT has no reflection).</summary>
public sealed record HelloConfig
{
    public string Address { get; set; } = "";
    public string? Gateway { get; set; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HelloConfig))]
internal sealed partial class HelloJson : JsonSerializerContext;
