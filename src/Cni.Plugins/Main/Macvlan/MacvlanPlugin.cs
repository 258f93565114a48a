using System.Net.NetworkInformation;
using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Macvlan;

/// <summary>A macvlan of a host (or container) parent link moved into the container; L2 only when <c>ipam</c> is empty.</summary>
public sealed partial class MacvlanPlugin : Plugin.Plugin
{
    /// <inheritdoc/>
    public override string Name => "macvlan";

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

    /// <summary>The config with Go's defaults applied and every value checked that needs no kernel.</summary>
    private static (MacvlanConfig Conf, MacvlanMode Mode, PhysicalAddress? Mac) Load(PluginRequest request)
    {
        var conf = ConfigLoader.Load(request, MacvlanJsonContext.Default.MacvlanConfig);
        var mode = ParseMode(conf.Mode);
        var mac = ConfigLoader.RequestedMac(request) ?? (string.IsNullOrEmpty(conf.Mac) ? null : conf.Mac);
        return (conf, mode, mac is null ? null : Veth.ParseMac(mac));
    }

    /// <summary>The master (the default route's device when not named) in the namespace it lives in; MTU checked against it.</summary>
    private static Link Master(MacvlanConfig conf, Rtnl parentNs)
    {
        var master = ParentLink.Find(parentNs, string.IsNullOrEmpty(conf.Master) ? DefaultRoute.InterfaceName(parentNs) : conf.Master);
        ParentLink.CheckMtu(conf.Mtu, master);
        return master;
    }

    internal static MacvlanMode ParseMode(string? mode) => mode switch
    {
        null or "" or "bridge" => MacvlanMode.Bridge,
        "private" => MacvlanMode.Private,
        "vepa" => MacvlanMode.Vepa,
        "passthru" => MacvlanMode.Passthru,
        _ => throw new CniException(CniErrorCode.InvalidNetworkConfig, $"unknown macvlan mode: \"{mode}\""),
    };

    private static string ModeName(MacvlanMode? mode) => mode switch
    {
        MacvlanMode.Bridge => "bridge",
        MacvlanMode.Private => "private",
        MacvlanMode.Vepa => "vepa",
        MacvlanMode.Passthru => "passthru",
        MacvlanMode.Source => "source",
        _ => "unknown",
    };
}
