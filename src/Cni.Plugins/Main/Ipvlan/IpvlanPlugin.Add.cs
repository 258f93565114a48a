using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Ipvlan;

public sealed partial class IpvlanPlugin
{
    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request)
    {
        var (conf, mode) = Load(request);
        var prev = PrevResult(request);
        using var ns = Namespaces.Open(request);
        using var container = Rtnl.OpenIn(ns);
        using var host = Rtnl.Open();
        var parentNs = conf.LinkInContainer ? container : host;
        var master = ParentLink.Find(parentNs, MasterName(conf, prev, parentNs));
        var link = ChildLink.Create(parentNs, conf.LinkInContainer ? null : ns, container, request.IfName, "ipvlan", name => new IpvlanSpec
        {
            Name = name,
            ParentIndex = master.Index,
            Mode = mode,
            Mtu = conf.Mtu > 0 ? conf.Mtu : null,
        });
        bool chained = request.Config.IpamType.Length == 0 && prev is { Ips.Count: > 0 };
        return Layer3.AddOrRollBack(request, ns, container, link, new Layer3Options { ArpNotify = true, Chained = chained ? prev : null });
    }
}
