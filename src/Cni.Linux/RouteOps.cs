using System.Net.Sockets;
using Cni.Linux.Internal;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux;

/// <summary>Route and policy-rule operations over one rtnetlink socket; obtained from <see cref="Rtnl.Routes"/>.</summary>
public sealed partial class RouteOps
{
    private static readonly MessageParser<Route> s_parseRoute = static (type, payload) =>
        type == RTM_NEWROUTE ? NetlinkReader.ReadRoute(payload) : null;

    private readonly NetlinkSocket _socket;

    internal RouteOps(NetlinkSocket socket) => _socket = socket;

    /// <summary>Adds a route; fails with <c>EEXIST</c> if it exists (<c>ip route add</c>).</summary>
    public void Add(Route route) => Modify(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, route, "adding");

    /// <summary>Adds or replaces a route (<c>ip route replace</c>).</summary>
    public void Replace(Route route) => Modify(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, route, "replacing");

    /// <summary>Deletes a route; fails with <c>ESRCH</c> when there is no such route.</summary>
    public void Delete(Route route) => Modify(RTM_DELROUTE, 0, route, "deleting");

    /// <summary>
    /// Lists routes. Without <paramref name="table"/> only the main table is returned (as vishvananda/netlink
    /// does, which the Go plugins rely on); cloned cache entries are always skipped.
    /// </summary>
    public IReadOnlyList<Route> List(AddressFamily? family = null, uint? table = null, int? outputIndex = null)
    {
        var request = NetlinkWriter.DumpRoutes(stackalloc byte[NetlinkWriter.DefaultCapacity], AddressOps.ToNative(family));
        var routes = _socket.Dump(request.Complete(), s_parseRoute, "listing routes");
        var wanted = table ?? RT_TABLE_MAIN;
        routes.RemoveAll(r => r.Table != wanted || (outputIndex is { } oif && r.OutputIndex != oif));
        return routes;
    }

    private void Modify(ushort type, int flags, Route route, string verb)
    {
        ArgumentNullException.ThrowIfNull(route);
        var request = NetlinkWriter.ModifyRoute(stackalloc byte[NetlinkWriter.DefaultCapacity], type, (ushort)flags, route);
        var text = Describe(route);
        if (route.OutputIndex is { } oif)
            LinkLabels.Execute(_socket, request.Complete(), oif, link => $"{verb} route {text} dev {link}");
        else
            _socket.Execute(request.Complete(), $"{verb} route {text}");
    }

    private static string Describe(Route route) =>
        route.Gateway is null ? $"{route.Destination}" : $"{route.Destination} via {route.Gateway}";
}
