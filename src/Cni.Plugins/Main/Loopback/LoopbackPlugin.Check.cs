using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Loopback;

public sealed partial class LoopbackPlugin
{
    /// <inheritdoc/>
    public override void Check(PluginRequest request)
    {
        using var ns = Namespaces.Open(request);
        using var rtnl = Rtnl.OpenIn(ns);
        var lo = rtnl.Links.Get(Lo);
        if (lo is null || !lo.IsUp)
        {
            throw new CniException(CniErrorCode.Internal, "loopback interface is down");
        }
    }
}
