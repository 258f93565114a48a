using Cni.Plugin;
using Cni.Plugins.Ipam.Common;

namespace Cni.Plugins.Ipam.HostLocal;

internal sealed partial class HostLocalPlugin
{
    /// <summary>Go's CHECK: some address is still recorded for the attachment (it does not compare with prevResult).</summary>
    public override void Check(PluginRequest request)
    {
        var conf = HostLocalConfig.Load(request);
        if (!HostLocalStore.Exists(conf.DataDir, conf.Name))
        {
            // CHECK must not write: with no store there is nothing to find, and nothing is created.
            throw IpamErrors.Internal($"host-local: Failed to find address added by container {request.ContainerId}");
        }
        using var store = HostLocalStore.Open(conf.DataDir, conf.Name);
        if (!store.FindById(request.ContainerId, request.IfName))
        {
            throw IpamErrors.Internal($"host-local: Failed to find address added by container {request.ContainerId}");
        }
    }
}
