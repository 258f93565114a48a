using Cni.Linux;

namespace Cni.Plugins.Common;

/// <summary>Removing the container's interface on DEL (Go's <c>DelLinkByNameAddr</c>).</summary>
internal static class ContainerLink
{
    /// <summary>Deletes the link if present and returns its global-unicast addresses (needed to remove their NAT rules).</summary>
    public static IReadOnlyList<CidrAddress> Delete(Rtnl rtnl, string ifName)
    {
        var link = rtnl.Links.Get(ifName);
        if (link is null)
        {
            return [];
        }
        var addresses = rtnl.Addresses.List(link.Index)
            .Where(a => !a.Address.IsIPv6LinkLocal && !System.Net.IPAddress.IsLoopback(a.Address) && !a.Address.IsIPv6Multicast)
            .Select(a => new CidrAddress(a.Address, a.PrefixLength))
            .ToList();
        try
        {
            rtnl.Links.Delete(link.Index);
        }
        catch (LinuxException e) when (e.Errno == 19)
        {
            // ENODEV: gone in the meantime.
        }
        return addresses;
    }
}
