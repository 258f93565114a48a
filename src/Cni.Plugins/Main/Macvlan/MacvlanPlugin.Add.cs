using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Macvlan;

public sealed partial class MacvlanPlugin
{
    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request)
    {
        var (conf, mode, mac) = Load(request);
        using var ns = Namespaces.Open(request);
        using var container = Rtnl.OpenIn(ns);
        using var host = Rtnl.Open();
        var parentNs = conf.LinkInContainer ? container : host;
        var master = Master(conf, parentNs);
        var link = ChildLink.Create(parentNs, conf.LinkInContainer ? null : ns, container, request.IfName, "macvlan", name => new MacvlanSpec
        {
            Name = name,
            ParentIndex = master.Index,
            Mode = mode,
            Mtu = conf.Mtu > 0 ? conf.Mtu : null,
            Mac = mac,
            BcQueueLen = conf.BcQueueLen > 0 ? conf.BcQueueLen : null,
        });
        return Layer3.AddOrRollBack(request, ns, container, link, new Layer3Options { AllowLayer2 = true, ArpNotify = true });
    }
}
