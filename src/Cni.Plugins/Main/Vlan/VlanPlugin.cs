using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Vlan;

/// <summary>An 802.1Q VLAN link on a host (or container) master, moved into the container, with addresses from IPAM.</summary>
public sealed partial class VlanPlugin : Plugin.Plugin
{
    /// <inheritdoc/>
    public override string Name => "vlan";

    /// <inheritdoc/>
    public override void Status(PluginRequest request) => Delegation.Status(request, request.Config.IpamType);

    /// <summary>GC: the IPAM plugin's (it releases the addresses of attachments that are no longer valid).</summary>
    public override void Gc(PluginRequest request) => Delegation.IpamGc(request);

    /// <summary>What can be checked without the kernel: the master is named, the VLAN id in range.</summary>
    private static VlanConfig Load(PluginRequest request)
    {
        var conf = ConfigLoader.Load(request, VlanJsonContext.Default.VlanConfig);
        if (string.IsNullOrEmpty(conf.Master))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig,
                "\"master\" field is required. It specifies the host interface name to create the VLAN for");
        }
        if (conf.VlanId is < 0 or > 4094)
        {
            // Go's wording says 4095 while its check stops at 4094, which is also the kernel's limit.
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"invalid VLAN ID {conf.VlanId} (must be between 0 and 4095 inclusive)");
        }
        return conf;
    }

    private static Link Master(VlanConfig conf, Rtnl parentNs)
    {
        var master = ParentLink.Find(parentNs, conf.Master!);
        ParentLink.CheckMtu(conf.Mtu, master);
        return master;
    }
}
