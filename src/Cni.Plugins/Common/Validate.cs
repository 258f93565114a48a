using Cni.Linux;

namespace Cni.Plugins.Common;

/// <summary>CHECK helpers (Go's <c>ValidateExpectedInterfaceIPs</c> / <c>ValidateExpectedRoute</c>).</summary>
internal static class Validate
{
    public static void Addresses(Rtnl rtnl, Link link, Result prev, string ifName)
    {
        var present = rtnl.Addresses.List(link.Index);
        foreach (var ip in prev.Ips)
        {
            if (ip.Interface is { } idx && idx < prev.Interfaces.Count && prev.Interfaces[idx].Name != ifName)
            {
                continue;
            }
            if (!present.Any(a => a.Address.Equals(ip.Address.Address) && a.PrefixLength == ip.Address.PrefixLength))
            {
                throw new CniException(CniErrorCode.Internal, $"Failed to match addr {ip.Address} on interface {ifName}");
            }
        }
    }

    public static void Routes(Rtnl rtnl, Result prev)
    {
        var routes = rtnl.Routes.List();
        foreach (var r in prev.Routes)
        {
            var dst = r.Dst.Network();
            bool found = routes.Any(k =>
                k.Destination.BaseAddress.Equals(dst.Address) && k.Destination.PrefixLength == dst.PrefixLength &&
                (r.Gw is null || r.Gw.Equals(k.Gateway)));
            if (!found)
            {
                throw new CniException(CniErrorCode.Internal, $"Expected Route {{Dst:{r.Dst} GW:{r.Gw}}} not found in routing table");
            }
        }
    }
}
