using System.Net.Sockets;
using Cni.Linux;

namespace Cni.Plugins.Common;

/// <summary>The parent a macvlan or ipvlan uses when the config names none: the device of the first default route.</summary>
internal static class DefaultRoute
{
    /// <summary>Main table only, IPv4 before IPv6, as Go's netlink dump sees them.</summary>
    public static string InterfaceName(Rtnl rtnl)
    {
        foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
        {
            foreach (var route in rtnl.Routes.List(family))
            {
                if (route.Destination.PrefixLength == 0 && route.OutputIndex is { } oif && rtnl.Links.Get(oif) is { } link)
                {
                    return link.Name;
                }
            }
        }
        throw new CniException(CniErrorCode.Internal, "no default route interface found");
    }
}
