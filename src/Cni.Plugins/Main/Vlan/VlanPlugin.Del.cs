using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Vlan;

public sealed partial class VlanPlugin
{
    /// <summary>Unlike Go, DEL does not look the master up: it succeeds (and releases the address) when the master is gone.</summary>
    public override void Del(PluginRequest request)
    {
        _ = ConfigLoader.Load(request, VlanJsonContext.Default.VlanConfig);
        Layer3.DeleteLinkThenRelease(request, ipamAlways: true);
    }
}
