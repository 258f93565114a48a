using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Dummy;

public sealed partial class DummyPlugin
{
    /// <inheritdoc/>
    public override void Del(PluginRequest request) => Layer3.DeleteLinkThenRelease(request, ipamAlways: true);
}
