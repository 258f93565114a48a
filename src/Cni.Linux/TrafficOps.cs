using Cni.Linux.Internal;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux;

/// <summary>Traffic control (qdiscs and filters) for the bandwidth plugin; obtained from <see cref="Rtnl.Traffic"/>.</summary>
public sealed class TrafficOps
{
    private static readonly MessageParser<Qdisc> s_parseQdisc = static (type, payload) =>
        type == RTM_NEWQDISC ? NetlinkReader.ReadQdisc(payload) : null;

    private readonly NetlinkSocket _socket;

    internal TrafficOps(NetlinkSocket socket) => _socket = socket;

    /// <summary>Adds a root tbf qdisc with handle <c>1:</c>.</summary>
    /// <param name="index">The interface.</param>
    /// <param name="rate">The rate in bytes per second.</param>
    /// <param name="limit">The queue limit in bytes.</param>
    /// <param name="bucketTicks">The bucket size in scheduler ticks (see <see cref="PacketScheduler.TransmitTicks"/>).</param>
    public void AddTbf(int index, ulong rate, uint limit, uint bucketTicks)
    {
        var request = NetlinkWriter.AddTbf(stackalloc byte[NetlinkWriter.DefaultCapacity], index, rate, limit, bucketTicks);
        LinkLabels.Execute(_socket, request.Complete(), index, link => $"adding tbf qdisc to {link}");
    }

    /// <summary>Adds the ingress qdisc (handle <c>ffff:</c>).</summary>
    public void AddIngress(int index)
    {
        var request = NetlinkWriter.AddIngress(stackalloc byte[NetlinkWriter.DefaultCapacity], index);
        LinkLabels.Execute(_socket, request.Complete(), index, link => $"adding ingress qdisc to {link}");
    }

    /// <summary>Deletes the root qdisc (<paramref name="ingress"/> false) or the ingress qdisc.</summary>
    public void DeleteQdisc(int index, bool ingress = false)
    {
        var request = NetlinkWriter.DeleteQdisc(stackalloc byte[NetlinkWriter.DefaultCapacity], index, ingress ? TC_H_INGRESS : TC_H_ROOT);
        LinkLabels.Execute(_socket, request.Complete(), index, link => $"deleting {(ingress ? "ingress" : "root")} qdisc of {link}");
    }

    /// <summary>
    /// Redirects everything arriving on <paramref name="index"/> (through its ingress qdisc) to the egress of
    /// <paramref name="targetIndex"/>: u32 match-all, priority 1, classid 1:1, action mirred egress redirect.
    /// </summary>
    public void AddRedirectFilter(int index, int targetIndex)
    {
        var request = NetlinkWriter.AddRedirectFilter(stackalloc byte[NetlinkWriter.DefaultCapacity], index, targetIndex);
        LinkLabels.Execute(_socket, request.Complete(), index, link => $"adding redirect filter on {link} to link {targetIndex}");
    }

    /// <summary>Lists qdiscs, optionally of one interface.</summary>
    public IReadOnlyList<Qdisc> ListQdiscs(int? index = null)
    {
        var request = NetlinkWriter.DumpQdiscs(stackalloc byte[NetlinkWriter.DefaultCapacity]);
        var all = _socket.Dump(request.Complete(), s_parseQdisc, "listing qdiscs");
        if (index is { } wanted)
            all.RemoveAll(q => q.Index != wanted);
        return all;
    }
}
