using Cni.Plugin;

namespace Cni.Plugins.Ipam.Static;

internal sealed partial class StaticPlugin
{
    /// <summary>Nothing was allocated, so nothing is released; the config is not even read (as in Go).</summary>
    public override void Del(PluginRequest request)
    {
    }
}
