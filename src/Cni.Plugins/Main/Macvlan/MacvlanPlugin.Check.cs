using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Macvlan;

public sealed partial class MacvlanPlugin
{
    /// <inheritdoc/>
    public override void Check(PluginRequest request)
    {
        var (conf, mode, _) = Load(request);
        using var ns = Namespaces.Open(request);
        using var container = Rtnl.OpenIn(ns);
        using var host = Rtnl.Open();
        _ = Master(conf, conf.LinkInContainer ? container : host);
        if (request.Config.IpamType.Length > 0)
        {
            Delegation.Check(request, request.Config.IpamType);
        }
        var prev = request.Config.ParsePrevResult() ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "required prevResult missing");
        var link = ResultLinks.Container(container, prev, request, "macvlan", $"Error: Container interface {request.IfName} not of type macvlan");
        if (link.MacvlanMode != mode)
        {
            throw new CniException(CniErrorCode.Internal, $"container macvlan mode {ModeName(link.MacvlanMode)} does not match expected value: {ModeName(mode)}");
        }
        Validate.Addresses(container, link, prev, request.IfName);
        Validate.Routes(container, prev);
    }
}
