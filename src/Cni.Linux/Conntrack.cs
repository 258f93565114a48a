using System.Buffers.Binary;
using System.Net.Sockets;
using Cni.Linux.Internal;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux;

/// <summary>
/// The connection tracking table through ctnetlink (<c>NETLINK_NETFILTER</c>), in the calling thread's network
/// namespace: what Go's plugins do with <c>netlink.ConntrackDeleteFilters</c>, without the <c>conntrack</c> tool.
/// </summary>
public static class Conntrack
{
    /// <summary>
    /// Deletes every entry of <paramref name="family"/> whose original direction has L4 protocol
    /// <paramref name="protocol"/> (e.g. 17 for UDP) and destination port <paramref name="port"/>: one dump,
    /// then one delete per match (an entry that expired in between is not an error).
    /// </summary>
    /// <returns>How many entries were deleted.</returns>
    public static int DeleteByDestinationPort(AddressFamily family, byte protocol, ushort port)
    {
        var nativeFamily = AddressOps.ToNative(family);
        using var socket = NetlinkSocket.Open(NETLINK_NETFILTER, namespacePath: null);
        Span<byte> buffer = stackalloc byte[NetlinkWriter.DefaultCapacity];
        var dump = NetlinkWriter.Conntrack(buffer, IPCTNL_MSG_CT_GET, nativeFamily);
        var matches = socket.Dump(dump.Complete(), (type, payload) => Match(type, payload, protocol, port), "dumping conntrack entries");
        var deleted = 0;
        foreach (var entry in matches)
        {
            var w = NetlinkWriter.Conntrack(buffer, IPCTNL_MSG_CT_DELETE, nativeFamily);
            w.WriteAttribute(CTA_TUPLE_ORIG | NLA_F_NESTED, entry.Tuple);
            if (entry.Zone is { } zone)
            {
                w.WriteAttribute(CTA_ZONE, zone);
            }
            try
            {
                socket.Execute(w.Complete(), "deleting a conntrack entry");
                deleted++;
            }
            catch (LinuxException e) when (e.Errno == Interop.Libc.ENOENT)
            {
                // Expired or deleted by someone else since the dump.
            }
        }
        return deleted;
    }

    private sealed record Entry(byte[] Tuple, byte[]? Zone);

    /// <summary>The original tuple (and zone) of an IPCTNL_MSG_CT_NEW reply whose protocol and destination port match.</summary>
    private static Entry? Match(ushort type, ReadOnlySpan<byte> payload, byte protocol, ushort port)
    {
        if (type != CtMessageType(IPCTNL_MSG_CT_NEW) || payload.Length < NFGENMSG_LEN)
        {
            return null;
        }
        var reader = new NetlinkReader(payload[NFGENMSG_LEN..]);
        byte[]? tuple = null;
        byte[]? zone = null;
        var matched = false;
        while (reader.TryReadAttribute(out var attr, out var value))
        {
            if (attr == CTA_TUPLE_ORIG)
            {
                tuple = value.ToArray();
                matched = TupleMatches(value, protocol, port);
            }
            else if (attr == CTA_ZONE)
            {
                zone = value.ToArray();
            }
        }
        return matched && tuple is not null ? new Entry(tuple, zone) : null;
    }

    private static bool TupleMatches(ReadOnlySpan<byte> tuple, byte protocol, ushort port)
    {
        var reader = new NetlinkReader(tuple);
        while (reader.TryReadAttribute(out var attr, out var value))
        {
            if (attr != CTA_TUPLE_PROTO)
            {
                continue;
            }
            byte? number = null;
            ushort? destination = null;
            var proto = new NetlinkReader(value);
            while (proto.TryReadAttribute(out var p, out var v))
            {
                if (p == CTA_PROTO_NUM && v.Length >= 1)
                {
                    number = v[0];
                }
                else if (p == CTA_PROTO_DST_PORT && v.Length >= 2)
                {
                    destination = BinaryPrimitives.ReadUInt16BigEndian(v);
                }
            }
            return number == protocol && destination == port;
        }
        return false;
    }
}
