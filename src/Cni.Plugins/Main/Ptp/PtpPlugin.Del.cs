using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Ptp;

public sealed partial class PtpPlugin
{
    /// <inheritdoc/>
    public override void Del(PluginRequest request)
    {
        var conf = Load(request);
        var addresses = new List<CidrAddress>();
        using (var ns = Namespaces.OpenForDel(request))
        {
            if (ns is not null)
            {
                using var container = Rtnl.OpenIn(ns);
                addresses.AddRange(ContainerLink.Delete(container, request.IfName));
            }
        }
        // The link goes before the address is released, so a new container never sees a duplicate (upstream #666).
        Delegation.Del(request, request.Config.IpamType);
        if (conf.IpMasq)
        {
            // With the namespace gone the addresses come from the cached result; the iptables chain goes by name in any case.
            addresses.AddRange(PrevAddresses(request).Where(a => !addresses.Contains(a)));
            IpMasq.Teardown(addresses, request.Config.Name, request.IfName, request.ContainerId);
            IpMasqChains.Remove(request.Config.Name, request.ContainerId);
        }
    }

    private static IEnumerable<CidrAddress> PrevAddresses(PluginRequest request)
    {
        try
        {
            return request.Config.ParsePrevResult()?.Ips.Select(i => i.Address) ?? [];
        }
        catch (CniException)
        {
            return [];
        }
    }
}
