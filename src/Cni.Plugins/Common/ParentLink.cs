using Cni.Linux;

namespace Cni.Plugins.Common;

/// <summary>The <c>master</c> of a macvlan, ipvlan or vlan: looked up, and the requested MTU checked against it.</summary>
internal static class ParentLink
{
    public static Link Find(Rtnl rtnl, string master) =>
        rtnl.Links.Get(master) ?? throw new CniException(CniErrorCode.Internal, $"failed to lookup master \"{master}\": Link not found");

    /// <summary>Go's rule: 0 (inherit) up to the master's MTU.</summary>
    public static void CheckMtu(int mtu, Link master)
    {
        if (mtu < 0 || mtu > master.Mtu)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"invalid MTU {mtu}, must be [0, master MTU({master.Mtu})]");
        }
    }
}
