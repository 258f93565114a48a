using Cni.Linux.PacketFilter;
using Cni.Plugin;
using Cni.Plugins.Common;
using Cni.Plugins.Meta.Repair;

namespace Cni.Plugins.Meta.Firewall;

public sealed partial class FirewallPlugin
{
    /// <summary>
    /// The jumps and per-address rules must be there. Unlike Go's CHECK, nothing is created — unless the config says
    /// <c>"repair": true</c> (our addition): then whatever ADD would add and is missing is re-applied in one batch per
    /// family (one <c>nft -f</c> for nftables), a line on stderr says so, and CHECK succeeds.
    /// </summary>
    public override void Check(PluginRequest request)
    {
        var s = Load(request);
        var prev = request.Config.ParsePrevResult() ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "missing prevResult from earlier plugin");
        var ips = Addresses(prev).ToList();
        var repair = RepairOption.Requested(request);
        if (s.FirewalldZone is { } zone)
        {
            FirewallFirewalld.Check(zone, ips.Select(i => i.Ip).ToList(), repair, what => RepairOption.Report("firewall", what));
            return;
        }
        if (s.Nftables)
        {
            var comment = FirewallNftables.Comment(request.Config.Name, request.IfName, request.ContainerId);
            try
            {
                FirewallNftables.Check(comment, ips.Count);
            }
            catch (CniException e) when (repair)
            {
                var bridge = s.IngressPolicy == "open" ? null : BridgeName(prev, s.IngressPolicy);
                FirewallNftables.Apply(FirewallNftables.AddTransaction(comment, ips, bridge, s.IngressPolicy, FirewallNftables.List()));
                RepairOption.Report("firewall", $"the nftables rules of {request.ContainerId} ({e.Msg})");
            }
            return;
        }
        foreach (var v4 in new[] { true, false })
        {
            var family = ips.Where(i => i.V4 == v4).Select(i => i.Ip).ToList();
            if (family.Count == 0)
            {
                continue;
            }
            var filter = IptablesSnapshot.Parse(Iptables.For(v4).Save("filter"));
            if (!repair)
            {
                FirewallIptables.Check(filter, s.AdminChain, family);
                continue;
            }
            // Repair: the ADD batch computed against the table as it is holds exactly what is missing.
            var bridgeName = s.IngressPolicy == "open" ? null : BridgeName(prev, s.IngressPolicy);
            var batch = FirewallIptables.AddBatch(filter, s.AdminChain, family, bridgeName, s.IngressPolicy);
            var changes = batch.Split('\n').Count(l => l.StartsWith(':') || l.StartsWith('-'));
            if (changes > 0)
            {
                FirewallIptables.Apply(v4, _ => batch);
                RepairOption.Report("firewall", $"{changes} {(v4 ? "iptables" : "ip6tables")} rules and chains of {request.ContainerId}");
            }
        }
    }
}
