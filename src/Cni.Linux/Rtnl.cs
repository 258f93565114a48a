using Cni.Linux.Internal;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux;

/// <summary>
/// One rtnetlink (<c>NETLINK_ROUTE</c>) socket, bound to the network namespace it was opened in. Usable from
/// any thread (requests are serialized), so the usual pattern is <c>using var rtnl = Rtnl.OpenIn(ns);</c>
/// and then plain calls without entering the namespace again.
/// </summary>
public sealed class Rtnl : IDisposable
{
    private readonly NetlinkSocket _socket;

    private Rtnl(NetlinkSocket socket)
    {
        _socket = socket;
        Links = new LinkOps(socket);
        Addresses = new AddressOps(socket);
        Routes = new RouteOps(socket);
        Neighbours = new NeighbourOps(socket);
        Traffic = new TrafficOps(socket);
    }

    /// <summary>Link operations.</summary>
    public LinkOps Links { get; }

    /// <summary>Address operations.</summary>
    public AddressOps Addresses { get; }

    /// <summary>Route and rule operations.</summary>
    public RouteOps Routes { get; }

    /// <summary>Neighbour (ARP/NDP) operations.</summary>
    public NeighbourOps Neighbours { get; }

    /// <summary>Traffic control: qdiscs and filters.</summary>
    public TrafficOps Traffic { get; }

    /// <summary>The namespace path used in error messages, or null for the namespace of the opening thread.</summary>
    public string? NamespacePath => _socket.NamespacePath;

    /// <summary>Opens a socket in the calling thread's network namespace.</summary>
    public static Rtnl Open() => new(NetlinkSocket.Open(NETLINK_ROUTE, namespacePath: null));

    /// <summary>Opens a socket inside <paramref name="ns"/>; it keeps working there from any thread.</summary>
    public static Rtnl OpenIn(NetNs ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        return new(ns.RunOnCallingThread(() => NetlinkSocket.Open(NETLINK_ROUTE, ns.Path)));
    }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _socket.Dispose();
}
