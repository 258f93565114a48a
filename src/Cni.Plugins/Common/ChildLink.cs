using System.Globalization;
using Cni.Linux;

namespace Cni.Plugins.Common;

/// <summary>
/// A link stacked on a parent (macvlan, ipvlan, vlan) that ends up in the container: made under a temporary
/// <c>veth</c>-style name so it never clashes with host names, born directly in the container's namespace, then
/// renamed there to <c>CNI_IFNAME</c> (Go's create-then-rename pattern).
/// </summary>
internal static class ChildLink
{
    /// <summary>
    /// A random <c>veth</c> + 8 hex name (NetworkManager leaves <c>veth*</c> alone). It lives for one rename, so it
    /// needs no cryptographic randomness (which would pull in libssl on Linux).
    /// </summary>
    public static string TemporaryName() => "veth" + Random.Shared.Next().ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>
    /// Creates the link through <paramref name="creator"/> (the parent's namespace); when <paramref name="target"/>
    /// is set the kernel places it there (<c>IFLA_NET_NS_FD</c>). Renames it to <paramref name="ifName"/> inside the
    /// container and returns it; on any failure nothing is left.
    /// </summary>
    public static Link Create(Rtnl creator, NetNs? target, Rtnl container, string ifName, string kind, Func<string, LinkSpec> spec)
    {
        var temp = TemporaryName();
        try
        {
            creator.Links.Create(spec(temp) with { Namespace = target });
        }
        catch (LinuxException e)
        {
            throw new CniException(CniErrorCode.Internal, $"failed to create {kind}: {e.Message}");
        }
        var link = container.Links.Get(temp) ?? throw new CniException(CniErrorCode.Internal, $"failed to refetch {kind} \"{temp}\"");
        try
        {
            container.Links.SetName(link.Index, ifName);
            return container.Links.Get(link.Index) ?? throw new CniException(CniErrorCode.Internal, $"failed to refetch {kind} \"{ifName}\"");
        }
        catch (Exception e)
        {
            Cleanup.Try(() => container.Links.Delete(link.Index));
            var why = e is LinuxException le ? le.ErrorText : e.Message;
            throw new CniException(CniErrorCode.Internal, $"failed to rename {kind} to \"{ifName}\": {why}");
        }
    }
}
