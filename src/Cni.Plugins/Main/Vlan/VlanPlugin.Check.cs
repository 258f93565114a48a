using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Vlan;

public sealed partial class VlanPlugin
{
    /// <inheritdoc/>
    public override void Check(PluginRequest request)
    {
        var conf = Load(request);
        using var ns = Namespaces.Open(request);
        Delegation.Check(request, request.Config.IpamType);
        var prev = request.Config.ParsePrevResult() ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "vlan: Required prevResult missing");
        using var container = Rtnl.OpenIn(ns);
        using var host = Rtnl.Open();
        _ = ParentLink.Find(conf.LinkInContainer ? container : host, conf.Master!);
        var link = ResultLinks.Container(container, prev, request, "vlan", $"Error: Container interface {request.IfName} not of type vlan");
        if (link.VlanId != conf.VlanId)
        {
            throw new CniException(CniErrorCode.Internal, $"Error: vlan link {request.IfName} has VLAN ID {link.VlanId}, configured {conf.VlanId}");
        }
        if (conf.Mtu != 0 && link.Mtu != conf.Mtu)
        {
            throw new CniException(CniErrorCode.Internal, $"Error: vlan link {request.IfName} has MTU {link.Mtu}, configured {conf.Mtu}");
        }
        Validate.Addresses(container, link, prev, request.IfName);
        Validate.Routes(container, prev);
    }
}
