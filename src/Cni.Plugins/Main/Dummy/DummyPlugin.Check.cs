using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Dummy;

public sealed partial class DummyPlugin
{
    /// <inheritdoc/>
    public override void Check(PluginRequest request)
    {
        RequireIpam(request);
        using var ns = Namespaces.Open(request);
        Delegation.Check(request, request.Config.IpamType);
        var prev = request.Config.ParsePrevResult() ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "dummy: Required prevResult missing");
        using var container = Rtnl.OpenIn(ns);
        var link = ResultLinks.Container(container, prev, request, "dummy", $"Error: Container interface {request.IfName} not of type dummy");
        Validate.Addresses(container, link, prev, request.IfName);
        Validate.Routes(container, prev);
    }
}
