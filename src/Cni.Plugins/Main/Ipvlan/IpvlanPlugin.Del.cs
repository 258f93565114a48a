using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Ipvlan;

public sealed partial class IpvlanPlugin
{
    /// <summary>DEL needs no master (Go resolves one and can fail for want of a default route); only the link and the reservation go.</summary>
    public override void Del(PluginRequest request)
    {
        _ = ConfigLoader.Load(request, IpvlanJsonContext.Default.IpvlanConfig);
        Layer3.DeleteLinkThenRelease(request);
    }
}
