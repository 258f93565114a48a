using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Tap;

public sealed partial class TapPlugin
{
    /// <inheritdoc/>
    public override void Del(PluginRequest request)
    {
        _ = ConfigLoader.Load(request, TapJsonContext.Default.TapConfig);
        Layer3.DeleteLinkThenRelease(request);
    }
}
