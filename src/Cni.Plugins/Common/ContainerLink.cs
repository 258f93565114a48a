using System.Runtime.ExceptionServices;
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
        var addresses = AddressesOf(rtnl, link.Index);
        DeleteIndex(rtnl, link.Index);
        return addresses;
    }

    /// <summary>
    /// Deletes the link if present on a helper thread while <paramref name="meanwhile"/> runs here with the link's
    /// global-unicast addresses (none when it is absent). The kernel holds a veth's deletion for an RCU barrier
    /// (≥ 16 ms), and an <c>iptables-restore</c> that deletes rules waits for a grace period as it exits: overlapped,
    /// a DEL that removes both pays for one wait.
    /// </summary>
    public static void DeleteWhile(Rtnl rtnl, string ifName, Action<IReadOnlyList<CidrAddress>> meanwhile)
    {
        var link = rtnl.Links.Get(ifName);
        if (link is null)
        {
            meanwhile([]);
            return;
        }
        var addresses = AddressesOf(rtnl, link.Index);
        ExceptionDispatchInfo? failure = null;
        var deleter = new Thread(() =>
        {
            try
            {
                DeleteIndex(rtnl, link.Index);
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        }) { IsBackground = true, Name = "link delete" };
        deleter.UnsafeStart();
        try
        {
            meanwhile(addresses);
        }
        finally
        {
            deleter.Join();
        }
        failure?.Throw();
    }

    private static List<CidrAddress> AddressesOf(Rtnl rtnl, int index) =>
        rtnl.Addresses.List(index)
            .Where(a => !a.Address.IsIPv6LinkLocal && !System.Net.IPAddress.IsLoopback(a.Address) && !a.Address.IsIPv6Multicast)
            .Select(a => new CidrAddress(a.Address, a.PrefixLength))
            .ToList();

    private static void DeleteIndex(Rtnl rtnl, int index)
    {
        try
        {
            rtnl.Links.Delete(index);
        }
        catch (LinuxException e) when (e.Errno == 19)
        {
            // ENODEV: gone in the meantime.
        }
    }
}
