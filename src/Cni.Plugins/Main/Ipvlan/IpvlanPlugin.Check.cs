using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Ipvlan;

public sealed partial class IpvlanPlugin
{
    /// <inheritdoc/>
    public override void Check(PluginRequest request)
    {
        var (conf, mode) = Load(request);
        using var ns = Namespaces.Open(request);
        if (request.Config.IpamType.Length > 0)
        {
            Delegation.Check(request, request.Config.IpamType);
        }
        var prev = request.Config.ParsePrevResult() ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "Required prevResult missing");
        using var container = Rtnl.OpenIn(ns);
        using var host = Rtnl.Open();
        if (!string.IsNullOrEmpty(conf.Master))
        {
            _ = ParentLink.Find(conf.LinkInContainer ? container : host, conf.Master);
        }
        var link = ResultLinks.Container(container, prev, request, "ipvlan", $"Error: Container interface {request.IfName} not of type ipvlan");
        if (link.IpvlanMode != mode)
        {
            throw new CniException(CniErrorCode.Internal, $"Container IPVlan mode {ModeName(link.IpvlanMode)} does not match expected value: {ModeName(mode)}");
        }
        Validate.Addresses(container, link, prev, request.IfName);
        Validate.Routes(container, prev);
    }
}
