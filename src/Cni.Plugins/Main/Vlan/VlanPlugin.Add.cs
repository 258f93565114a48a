using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Vlan;

public sealed partial class VlanPlugin
{
    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request)
    {
        var conf = Load(request);
        using var ns = Namespaces.Open(request);
        using var container = Rtnl.OpenIn(ns);
        using var host = Rtnl.Open();
        var parentNs = conf.LinkInContainer ? container : host;
        var master = Master(conf, parentNs);
        var link = ChildLink.Create(parentNs, conf.LinkInContainer ? null : ns, container, request.IfName, "vlan", name => new VlanSpec
        {
            Name = name,
            ParentIndex = master.Index,
            VlanId = (ushort)conf.VlanId,
            Mtu = conf.Mtu > 0 ? conf.Mtu : null,
        });
        return Layer3.AddOrRollBack(request, ns, container, link, new Layer3Options { IpamErrorPrefix = "failed to execute IPAM delegate: " });
    }
}
