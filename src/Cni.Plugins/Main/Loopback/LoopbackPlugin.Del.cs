using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Loopback;

public sealed partial class LoopbackPlugin
{
    /// <inheritdoc/>
    public override void Del(PluginRequest request)
    {
        using var ns = Namespaces.OpenForDel(request);
        if (ns is null)
        {
            return;
        }
        using var rtnl = Rtnl.OpenIn(ns);
        if (rtnl.Links.Get(Lo) is { } lo)
        {
            rtnl.Links.SetDown(lo.Index);
        }
    }
}
