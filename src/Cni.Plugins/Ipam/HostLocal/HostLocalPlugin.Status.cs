using Cni.Plugin;

namespace Cni.Plugins.Ipam.HostLocal;

internal sealed partial class HostLocalPlugin
{
    /// <summary>
    /// Code 50 when some range set has no free address (ADD would fail). Counts file names only, without the
    /// lock, so kubelet's polling never waits behind an ADD.
    /// </summary>
    public override void Status(PluginRequest request)
    {
        var conf = HostLocalConfig.Load(request);
        var dir = HostLocalStore.DirFor(conf.DataDir, conf.Name);
        for (int i = 0; i < conf.RangeSets.Count; i++)
        {
            if (!PoolStatus.HasFree(dir, conf.RangeSets[i]))
            {
                throw new CniException(CniErrorCode.PluginNotAvailable,
                    $"no IP addresses available in range set {i}: {conf.RangeSets[i]}");
            }
        }
    }
}
