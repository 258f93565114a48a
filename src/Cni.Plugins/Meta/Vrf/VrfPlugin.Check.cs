using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Vrf;

public sealed partial class VrfPlugin
{
    /// <summary>The VRF exists and the interface is one of its ports.</summary>
    public override void Check(PluginRequest request)
    {
        var conf = Load(request);
        _ = request.Config.ParsePrevResult() ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "missing prevResult from earlier plugin");
        using var ns = Namespaces.Open(request);
        using var rtnl = Rtnl.OpenIn(ns);
        var vrf = FindVrf(rtnl, conf.VrfName!, "") ?? throw new CniException(CniErrorCode.Internal, $"Link not found: {conf.VrfName}");
        if (rtnl.Links.Get(request.IfName) is not { } link || link.MasterIndex != vrf.Index)
        {
            throw new CniException(CniErrorCode.Internal, $"Failed to find {request.IfName} associated to vrf {conf.VrfName}");
        }
    }
}
