using Cni.Linux.Internal;

namespace Cni.Linux;

public sealed partial class LinkOps
{
    /// <summary>Sets bridge port flags on a bridge port; null leaves a flag as it is.</summary>
    /// <param name="index">The port (a link enslaved to a bridge).</param>
    /// <param name="hairpin">Send frames back out of the port they came in on (hairpin mode).</param>
    /// <param name="learning">Learn source MACs on this port.</param>
    /// <param name="isolated">Isolated port: no forwarding to other isolated ports.</param>
    public void SetBridgePort(int index, bool? hairpin = null, bool? learning = null, bool? isolated = null)
    {
        var request = NetlinkWriter.SetBridgePort(stackalloc byte[NetlinkWriter.DefaultCapacity], index, hairpin, learning, isolated);
        _socket.Execute(request.Complete(), $"setting bridge port flags on link {index}");
    }

    /// <summary>Adds VLAN <paramref name="vid"/> to a bridge port, or to the bridge itself with <paramref name="self"/>.</summary>
    public void AddBridgeVlan(int index, ushort vid, bool pvid = false, bool untagged = false, bool self = false)
    {
        var request = NetlinkWriter.BridgeVlan(stackalloc byte[NetlinkWriter.DefaultCapacity], add: true, index, vid, pvid, untagged, self);
        _socket.Execute(request.Complete(), $"adding vlan {vid} to link {index}");
    }

    /// <summary>Removes VLAN <paramref name="vid"/> from a bridge port, or from the bridge itself with <paramref name="self"/>.</summary>
    public void DeleteBridgeVlan(int index, ushort vid, bool self = false)
    {
        var request = NetlinkWriter.BridgeVlan(stackalloc byte[NetlinkWriter.DefaultCapacity], add: false, index, vid, false, false, self);
        _socket.Execute(request.Complete(), $"deleting vlan {vid} from link {index}");
    }
}
