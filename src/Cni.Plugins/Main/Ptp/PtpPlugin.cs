using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Ptp;

/// <summary>
/// A veth pair with everything routed through the host: the gateway address on the host end, a /32 (/128) host
/// route to the container, and the container's connected route replaced by routes via the gateway.
/// </summary>
public sealed partial class PtpPlugin : Plugin.Plugin
{
    /// <inheritdoc/>
    public override string Name => "ptp";

    /// <inheritdoc/>
    public override void Status(PluginRequest request) => Delegation.Status(request, request.Config.IpamType);

    /// <summary>GC: the IPAM plugin's (it releases the addresses of attachments that are no longer valid).</summary>
    public override void Gc(PluginRequest request) => Delegation.IpamGc(request);

    private static PtpConfig Load(PluginRequest request)
    {
        var conf = ConfigLoader.Load(request, PtpJsonContext.Default.PtpConfig);
        if (conf.IpMasqBackend is not (null or "" or "iptables" or "nftables"))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"unknown ipmasq backend \"{conf.IpMasqBackend}\"");
        }
        if (conf.Mtu < 0)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"invalid MTU {conf.Mtu}");
        }
        return conf;
    }
}
