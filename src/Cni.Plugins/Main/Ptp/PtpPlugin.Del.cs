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
        Action<IReadOnlyList<CidrAddress>> masquerade = conf.IpMasq ? removed => Unmasquerade(request, removed) : static _ => { };
        using (var ns = Namespaces.OpenForDel(request))
        {
            if (ns is null)
            {
                masquerade([]);
            }
            else
            {
                using var container = Rtnl.OpenIn(ns);
                ContainerLink.DeleteWhile(container, request.IfName, masquerade);
            }
        }
        // The link goes before the address is released, so a new container never sees a duplicate (upstream #666).
        Delegation.Del(request, request.Config.IpamType);
    }

    /// <summary>With the namespace gone the addresses come from the cached result; the iptables chain goes by name in any case.</summary>
    private static void Unmasquerade(PluginRequest request, IReadOnlyList<CidrAddress> removed)
    {
        var addresses = removed.Concat(PrevAddresses(request).Where(a => !removed.Contains(a))).ToList();
        IpMasq.Teardown(addresses, request.Config.Name, request.IfName, request.ContainerId);
        IpMasqChains.Remove(request.Config.Name, request.ContainerId);
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
