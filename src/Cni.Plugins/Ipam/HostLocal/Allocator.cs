using System.Net;
using Cni.Plugins.Ipam.Common;

namespace Cni.Plugins.Ipam.HostLocal;

/// <summary>Go's <c>IPAllocator.Get</c> for one range set, against a store whose lock the caller holds.</summary>
internal static class Allocator
{
    /// <summary>Reserves <paramref name="requested"/>, or the next free address round-robin.</summary>
    /// <exception cref="CniException">Go's messages: 7 for a request the set cannot serve, 11 for a taken or exhausted pool, 999 for a duplicate.</exception>
    public static IPConfig Get(HostLocalStore store, RangeSet set, int setIndex, string containerId, string ifName, IPAddress? requested)
    {
        if (requested is not null)
        {
            var ip = IpMath.Canonical(requested);
            var r = set.RangeFor(ip) ?? throw IpamErrors.Config($"{IPText.Format(ip)} not in range set {set}");
            if (ip.Equals(r.Gateway))
            {
                throw IpamErrors.Config($"requested ip {IPText.Format(ip)} is subnet's gateway");
            }
            if (!store.Reserve(containerId, ifName, ip, setIndex))
            {
                throw IpamErrors.Busy($"requested IP address {IPText.Format(ip)} is not available in range set {set}");
            }
            return Config(ip, r);
        }

        // The spec forbids a second ADD for the same attachment; Go refuses it per range set.
        foreach (var held in store.GetById(containerId, ifName))
        {
            if (set.Contains(held))
            {
                throw IpamErrors.Internal($"{IPText.Format(held)} has been allocated to {containerId}, duplicate allocation is not allowed");
            }
        }
        var iter = new RangeIterator(set, store.LastReservedIP(setIndex));
        while (iter.Next() is var (candidate, range))
        {
            if (store.Reserve(containerId, ifName, candidate, setIndex))
            {
                return Config(candidate, range);
            }
        }
        throw IpamErrors.Busy($"no IP addresses available in range set: {set}");
    }

    private static IPConfig Config(IPAddress ip, IpRange r) =>
        new() { Address = new CidrAddress(ip, r.Subnet.PrefixLength), Gateway = r.Gateway };
}
