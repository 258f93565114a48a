using System.Net;
using System.Net.NetworkInformation;
using Cni.Linux.Internal;

namespace Cni.Linux;

/// <summary>Static ARP/NDP entries over one rtnetlink socket; obtained from <see cref="Rtnl.Neighbours"/>.</summary>
public sealed class NeighbourOps
{
    private readonly NetlinkSocket _socket;

    internal NeighbourOps(NetlinkSocket socket) => _socket = socket;

    /// <summary>Adds a permanent neighbour entry (<c>ip neigh add IP lladdr MAC dev X nud permanent</c>).</summary>
    public void Add(int index, IPAddress address, PhysicalAddress mac)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(mac);
        var request = NetlinkWriter.ModifyNeighbour(stackalloc byte[NetlinkWriter.DefaultCapacity], add: true, index, address, mac);
        LinkLabels.Execute(_socket, request.Complete(), index, link => $"adding neighbour {address} on {link}");
    }

    /// <summary>Deletes a neighbour entry (<c>ip neigh del IP dev X</c>).</summary>
    public void Delete(int index, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var request = NetlinkWriter.ModifyNeighbour(stackalloc byte[NetlinkWriter.DefaultCapacity], add: false, index, address, null);
        LinkLabels.Execute(_socket, request.Complete(), index, link => $"deleting neighbour {address} on {link}");
    }
}
