using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Macvlan;

public sealed partial class MacvlanPlugin
{
    /// <inheritdoc/>
    public override void Del(PluginRequest request)
    {
        _ = ConfigLoader.Load(request, MacvlanJsonContext.Default.MacvlanConfig);
        Layer3.DeleteLinkThenRelease(request);
    }
}
