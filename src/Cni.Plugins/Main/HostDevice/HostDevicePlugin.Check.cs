using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.HostDevice;

public sealed partial class HostDevicePlugin
{
    /// <inheritdoc/>
    public override void Check(PluginRequest request)
    {
        _ = Load(request);
        using var ns = Namespaces.Open(request);
        if (request.Config.IpamType.Length > 0)
        {
            Delegation.Check(request, request.Config.IpamType);
        }
        var prev = request.Config.ParsePrevResult() ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "Required prevResult missing");
        using var container = Rtnl.OpenIn(ns);
        var link = ResultLinks.Container(container, prev, request, null, "");
        Validate.Addresses(container, link, prev, request.IfName);
        Validate.Routes(container, prev);
    }
}
