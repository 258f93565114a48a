using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Tap;

public sealed partial class TapPlugin
{
    /// <inheritdoc/>
    public override void Check(PluginRequest request)
    {
        var (conf, _) = Load(request);
        using var ns = Namespaces.Open(request);
        if (request.Config.IpamType.Length > 0)
        {
            Delegation.Check(request, request.Config.IpamType);
        }
        var prev = request.Config.ParsePrevResult() ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "required prevResult missing");
        using var container = Rtnl.OpenIn(ns);
        var link = ResultLinks.Container(container, prev, request, "tun", $"Error: Container interface {request.IfName} not of type tap");
        if (!string.IsNullOrEmpty(conf.Bridge) && (link.MasterIndex is not { } master || container.Links.Get(master)?.Name != conf.Bridge))
        {
            throw new CniException(CniErrorCode.Internal, $"tap {request.IfName} is not a port of bridge {conf.Bridge}");
        }
        Validate.Addresses(container, link, prev, request.IfName);
        Validate.Routes(container, prev);
    }
}
