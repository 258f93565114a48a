using Cni.Plugin;

namespace Cni.Plugins.Meta.Firewall;

public sealed partial class FirewallPlugin
{
    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request)
    {
        var s = Load(request);
        var prev = request.Config.ParsePrevResult() ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "missing prevResult from earlier plugin");
        var bridge = s.IngressPolicy == "open" ? null : BridgeName(prev, s.IngressPolicy);
        var ips = Addresses(prev).ToList();
        if (s.FirewalldZone is { } zone)
        {
            FirewallFirewalld.Add(zone, ips.Select(i => i.Ip).ToList());
            if (bridge is not null)
            {
                // As in Go, the ingress policy stays raw iptables under firewalld.
                foreach (var v4 in ips.Select(i => i.V4).Distinct())
                {
                    FirewallIptables.Apply(v4, filter => FirewallIptables.IngressBatch(filter, bridge, s.IngressPolicy));
                }
            }
            return prev;
        }
        if (s.Nftables)
        {
            var existing = bridge is null ? [] : FirewallNftables.List();
            var comment = FirewallNftables.Comment(request.Config.Name, request.IfName, request.ContainerId);
            FirewallNftables.Apply(FirewallNftables.AddTransaction(comment, ips, bridge, s.IngressPolicy, existing));
            return prev;
        }
        foreach (var v4 in new[] { true, false })
        {
            var family = ips.Where(i => i.V4 == v4).Select(i => i.Ip).ToList();
            if (family.Count > 0)
            {
                FirewallIptables.Add(v4, s.AdminChain, family, bridge, s.IngressPolicy);
            }
        }
        return prev;
    }
}
