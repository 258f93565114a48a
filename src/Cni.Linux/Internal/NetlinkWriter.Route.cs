using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

internal ref partial struct NetlinkWriter
{
    /// <summary>Writes the <c>rtmsg</c> (also <c>fib_rule_hdr</c>) family header.</summary>
    public void WriteRtMsg(byte family, byte dstLen, byte srcLen, byte table, byte protocol, byte scope, byte type, uint flags)
    {
        var h = Reserve(RTMSG_LEN);
        h[0] = family;
        h[1] = dstLen;
        h[2] = srcLen;
        h[4] = table;
        h[5] = protocol;
        h[6] = scope;
        h[7] = type;
        BinaryPrimitives.WriteUInt32LittleEndian(h[8..], flags);
    }

    /// <summary>
    /// RTM_NEWROUTE / RTM_DELROUTE as <c>ip route add|replace|del</c> sends it. Deletion uses scope nowhere,
    /// protocol and type unspec, so that it matches the route whatever those are. Attribute order follows ip:
    /// RTA_DST, RTA_GATEWAY, RTA_PRIORITY, RTA_PREFSRC, RTA_TABLE (tables above 255), RTA_OIF, RTA_METRICS.
    /// </summary>
    public static NetlinkWriter ModifyRoute(Span<byte> buffer, ushort type, ushort flags, Route route)
    {
        var delete = type == RTM_DELROUTE;
        var w = new NetlinkWriter(buffer, type, flags);
        var table = route.Table;
        w.WriteRtMsg(
            FamilyOf(route.Destination.BaseAddress),
            (byte)route.Destination.PrefixLength,
            0,
            table < 256 ? (byte)table : RT_TABLE_UNSPEC,
            delete ? RTPROT_UNSPEC : route.Protocol,
            delete ? (byte)RouteScope.Nowhere : (byte)route.Scope,
            delete ? RTN_UNSPEC : route.Type,
            route.OnLink ? RTNH_F_ONLINK : 0);
        if (route.Destination.PrefixLength > 0)
            w.WriteAddress(RTA_DST, route.Destination.BaseAddress);
        if (route.Gateway is { } gateway)
            w.WriteAddress(RTA_GATEWAY, gateway);
        if (route.Priority is { } priority)
            w.WriteU32(RTA_PRIORITY, priority);
        if (route.Source is { } source)
            w.WriteAddress(RTA_PREFSRC, source);
        if (table >= 256)
            w.WriteU32(RTA_TABLE, table);
        if (route.OutputIndex is { } oif)
            w.WriteU32(RTA_OIF, (uint)oif);
        if (route.Mtu is not null || route.AdvMss is not null)
        {
            var metrics = w.BeginNested(RTA_METRICS);
            if (route.Mtu is { } mtu)
                w.WriteU32(RTAX_MTU, mtu);
            if (route.AdvMss is { } advmss)
                w.WriteU32(RTAX_ADVMSS, advmss);
            w.EndNested(metrics);
        }

        return w;
    }

    /// <summary>RTM_GETROUTE dump of one family (AF_UNSPEC for both).</summary>
    public static NetlinkWriter DumpRoutes(Span<byte> buffer, byte family)
    {
        var w = new NetlinkWriter(buffer, RTM_GETROUTE, 0);
        w.WriteRtMsg(family, 0, 0, 0, 0, 0, 0, 0);
        return w;
    }

    internal static byte FamilyOf(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? (byte)Interop.Libc.AF_INET6 : (byte)Interop.Libc.AF_INET;
}
