using Cni.Plugin;
using Cni.Plugins.Ipam.Common;

namespace Cni.Plugins.Ipam.Static;

internal sealed partial class StaticPlugin
{
    /// <summary>Go's CHECK: every configured address found in prevResult must carry the configured gateway.</summary>
    public override void Check(PluginRequest request)
    {
        var conf = StaticConfig.Load(request);
        var prev = request.Config.ParsePrevResult() ?? throw IpamErrors.Config("Required prevResult missing");
        foreach (var want in conf.Addresses)
        {
            var found = prev.Ips.FirstOrDefault(ip => ip.Address.Address.Equals(want.Address.Address));
            if (found is not null && want.Gateway is not null && !want.Gateway.Equals(found.Gateway))
            {
                throw IpamErrors.Internal($"static: Failed to match addr {IPText.Format(found.Address.Address)} on interface {request.IfName}");
            }
        }
    }
}
