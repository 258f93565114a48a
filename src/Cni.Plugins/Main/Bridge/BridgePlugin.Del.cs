using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Bridge;

public sealed partial class BridgePlugin
{
    /// <inheritdoc/>
    public override void Del(PluginRequest request)
    {
        var conf = Load(request, forDel: true);
        bool l3 = request.Config.IpamType.Length > 0;
        var removed = new List<CidrAddress>();
        using (var ns = Namespaces.OpenForDel(request))
        {
            if (ns is not null)
            {
                using var container = Rtnl.OpenIn(ns);
                removed.AddRange(ContainerLink.Delete(container, request.IfName));
            }
        }
        // The link goes before the address is released, so a new container never sees a duplicate (upstream #666).
        if (l3)
        {
            Delegation.Del(request, request.Config.IpamType);
        }
        if (l3 && conf.IpMasq)
        {
            IpMasq.Teardown(removed, request.Config.Name, request.IfName, request.ContainerId);
        }
    }
}
