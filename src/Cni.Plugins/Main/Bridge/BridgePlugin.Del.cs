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
        Action<IReadOnlyList<CidrAddress>> masquerade = l3 && conf.IpMasq
            ? removed => IpMasq.Teardown(removed, request.Config.Name, request.IfName, request.ContainerId)
            : static _ => { };
        using (var ns = Namespaces.OpenForDel(request))
        {
            if (ns is null)
            {
                masquerade([]);
            }
            else
            {
                using var container = Rtnl.OpenIn(ns);
                ContainerLink.DeleteWhile(container, request.IfName, masquerade);
            }
        }
        // The link goes before the address is released, so a new container never sees a duplicate (upstream #666).
        if (l3)
        {
            Delegation.Del(request, request.Config.IpamType);
        }
    }
}
