using System.Net.NetworkInformation;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Tap;

/// <summary>
/// A persistent tap device in the container (for VMs in pods), optionally a port of a bridge in the container.
/// Always made through <c>/dev/net/tun</c>, never by running <c>ip</c>; unlike upstream's ioctl path, the MTU and
/// MAC are applied in every case. <c>selinuxContext</c> is accepted but has no effect (there is no helper process to label).
/// </summary>
public sealed partial class TapPlugin : Plugin.Plugin
{
    /// <inheritdoc/>
    public override string Name => "tap";

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

    private static (TapConfig Conf, PhysicalAddress? Mac) Load(PluginRequest request)
    {
        var conf = ConfigLoader.Load(request, TapJsonContext.Default.TapConfig);
        if (conf.Mtu < 0)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"invalid MTU {conf.Mtu}");
        }
        var mac = ConfigLoader.RequestedMac(request) ?? (string.IsNullOrEmpty(conf.Mac) ? null : conf.Mac);
        return (conf, mac is null ? null : Veth.ParseMac(mac));
    }
}
