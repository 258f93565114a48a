using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Bridge;

/// <summary>Attaches the container to a Linux bridge through a veth pair; optionally the gateway, NAT and VLANs.</summary>
public sealed partial class BridgePlugin : Plugin.Plugin
{
    /// <inheritdoc/>
    public override string Name => "bridge";

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

    /// <summary>The config, validated; DEL skips the bridge name (it never uses it), so a bad name cannot make a pod undeletable.</summary>
    private static BridgeConfig Load(PluginRequest request, bool forDel = false)
    {
        var conf = BridgeConfigReader.Load(request);
        if (conf.IsDefaultGateway)
        {
            conf = conf with { IsGateway = true };
        }
        if (conf.HairpinMode && conf.PromiscMode)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "cannot set hairpin mode and promiscuous mode at the same time");
        }
        if (conf.DisableContainerInterface && request.Config.IpamType.Length > 0)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "cannot use IPAM when DisableContainerInterface flag is set");
        }
        if (!forDel && (conf.BrName.Length is 0 or > Validation.MaxInterfaceNameLength || conf.BrName.Contains('/')))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"invalid bridge name \"{conf.BrName}\"");
        }
        BridgeVlans.ValidateAccess(conf.Vlan);
        _ = BridgeVlans.Trunk(conf.VlanTrunk);
        _ = ConfigLoader.RequestedMac(request);
        return conf;
    }
}
