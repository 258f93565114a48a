using Cni.Linux.PacketFilter;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Firewall;

public sealed partial class FirewallPlugin
{
    /// <summary>The jumps and per-address rules must be there. Unlike Go's CHECK, nothing is created.</summary>
    public override void Check(PluginRequest request)
    {
        var s = Load(request);
        var prev = request.Config.ParsePrevResult() ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "missing prevResult from earlier plugin");
        var ips = Addresses(prev).ToList();
        if (s.Nftables)
        {
            FirewallNftables.Check(FirewallNftables.Comment(request.Config.Name, request.IfName, request.ContainerId), ips.Count);
            return;
        }
        foreach (var v4 in new[] { true, false })
        {
            var family = ips.Where(i => i.V4 == v4).Select(i => i.Ip).ToList();
            if (family.Count > 0)
            {
                FirewallIptables.Check(IptablesSnapshot.Parse(Iptables.For(v4).Save("filter")), s.AdminChain, family);
            }
        }
    }
}
