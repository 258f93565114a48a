using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Ipvlan;

/// <summary>
/// An ipvlan of a parent link moved into the container. Standalone it takes addresses from IPAM; chained after
/// another plugin with an empty <c>ipam</c> it reuses the previous result's addresses (and its interface as master).
/// </summary>
public sealed partial class IpvlanPlugin : Plugin.Plugin
{
    /// <inheritdoc/>
    public override string Name => "ipvlan";

    /// <inheritdoc/>
    public override void Status(PluginRequest request)
    {
        if (request.Config.IpamType.Length > 0)
        {
            Delegation.Status(request, request.Config.IpamType);
        }
    }

    /// <summary>GC: the IPAM plugin's (it releases the addresses of attachments that are no longer valid).</summary>
    public override void Gc(PluginRequest request) => Delegation.IpamGc(request);

    private static (IpvlanConfig Conf, IpvlanMode Mode) Load(PluginRequest request)
    {
        var conf = ConfigLoader.Load(request, IpvlanJsonContext.Default.IpvlanConfig);
        if (conf.Mtu < 0)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"invalid MTU {conf.Mtu}");
        }
        return (conf, ParseMode(conf.Mode));
    }

    /// <summary>The prevResult in the 1.x shape, with Go's wording when it does not parse.</summary>
    private static Result? PrevResult(PluginRequest request)
    {
        try
        {
            return request.Config.ParsePrevResult();
        }
        catch (CniException e)
        {
            throw new CniException(CniErrorCode.DecodingFailure, $"could not parse prevResult: {e.Msg}");
        }
    }

    /// <summary>The master: as configured; else the single interface of a chained prevResult; else the default route's device.</summary>
    private static string MasterName(IpvlanConfig conf, Result? prev, Rtnl parentNs)
    {
        if (!string.IsNullOrEmpty(conf.Master))
        {
            return conf.Master;
        }
        if (prev is null)
        {
            return DefaultRoute.InterfaceName(parentNs);
        }
        if (prev.Interfaces.Count != 1 || string.IsNullOrEmpty(prev.Interfaces[0].Name))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "chained master failure. PrevResult lacks a single named interface");
        }
        return prev.Interfaces[0].Name;
    }

    internal static IpvlanMode ParseMode(string? mode) => mode switch
    {
        null or "" or "l2" => IpvlanMode.L2,
        "l3" => IpvlanMode.L3,
        "l3s" => IpvlanMode.L3S,
        _ => throw new CniException(CniErrorCode.InvalidNetworkConfig, $"unknown ipvlan mode: \"{mode}\""),
    };

    private static string ModeName(IpvlanMode? mode) => mode switch
    {
        IpvlanMode.L2 => "l2",
        IpvlanMode.L3 => "l3",
        IpvlanMode.L3S => "l3s",
        _ => "unknown",
    };
}
