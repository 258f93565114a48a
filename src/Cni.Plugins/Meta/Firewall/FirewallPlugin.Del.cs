using Cni.Plugin;

namespace Cni.Plugins.Meta.Firewall;

public sealed partial class FirewallPlugin
{
    /// <summary>
    /// Removes the per-address accepts. iptables needs the prevResult to know them (as in Go); the nftables variant
    /// finds them by the attachment's comment. Ingress-policy chains stay, as in Go: other attachments share them.
    /// </summary>
    public override void Del(PluginRequest request)
    {
        var s = Load(request);
        if (s.Nftables)
        {
            FirewallNftables.Del(FirewallNftables.Comment(request.Config.Name, request.IfName, request.ContainerId));
            return;
        }
        if (request.Config.ParsePrevResult() is not { } prev)
        {
            return;
        }
        var ips = Addresses(prev).ToList();
        if (s.FirewalldZone is { } zone)
        {
            FirewallFirewalld.Del(zone, ips.Select(i => i.Ip).ToList());
            return;
        }
        foreach (var v4 in new[] { true, false })
        {
            var family = ips.Where(i => i.V4 == v4).Select(i => i.Ip).ToList();
            if (family.Count > 0)
            {
                FirewallIptables.Del(v4, family);
            }
        }
    }
}
