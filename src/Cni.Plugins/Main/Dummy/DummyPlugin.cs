using Cni.Plugin;

namespace Cni.Plugins.Main.Dummy;

/// <summary>A <c>dummy</c> link made inside the container, with addresses from IPAM (which is required).</summary>
public sealed partial class DummyPlugin : Plugin.Plugin
{
    /// <inheritdoc/>
    public override string Name => "dummy";

    /// <inheritdoc/>
    public override void Status(PluginRequest request) => Delegation.Status(request, request.Config.IpamType);

    /// <summary>GC: the IPAM plugin's (it releases the addresses of attachments that are no longer valid).</summary>
    public override void Gc(PluginRequest request) => Delegation.IpamGc(request);

    /// <summary>Dummy has no keys of its own; only the <c>ipam</c> type is required.</summary>
    internal static void RequireIpam(PluginRequest request)
    {
        if (request.Config.IpamType.Length == 0)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "dummy interface requires an IPAM configuration");
        }
    }
}
