using System.Buffers.Binary;
using System.Net;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

internal ref partial struct NetlinkReader
{
    /// <summary>Decodes an <c>RTM_NEWROUTE</c> payload; null for cloned (cache) entries, which lists skip.</summary>
    public static Route? ReadRoute(ReadOnlySpan<byte> payload)
    {
        try
        {
            return ReadRouteUnchecked(payload);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"malformed netlink message (ReadRoute): {e.Message}", e);
        }
    }

    private static Route? ReadRouteUnchecked(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < RTMSG_LEN)
            throw new InvalidDataException("truncated rtmsg");
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]);
        if ((flags & RTM_F_CLONED) != 0)
            return null;

        var family = payload[0];
        IPAddress? dst = null, gateway = null, source = null;
        int? oif = null;
        uint? priority = null, mtu = null, advmss = null;
        uint table = payload[4];
        var attributes = new NetlinkReader(payload[RTMSG_LEN..]);
        while (attributes.TryReadAttribute(out var type, out var value))
        {
            switch (type)
            {
                case RTA_DST: dst = Address(value); break;
                case RTA_GATEWAY: gateway = Address(value); break;
                case RTA_PREFSRC: source = Address(value); break;
                case RTA_OIF: oif = I32(value); break;
                case RTA_PRIORITY: priority = U32(value); break;
                case RTA_TABLE: table = U32(value); break;
                case RTA_METRICS:
                    var metrics = new NetlinkReader(value);
                    while (metrics.TryReadAttribute(out var metric, out var metricValue))
                    {
                        if (metric == RTAX_MTU)
                            mtu = U32(metricValue);
                        else if (metric == RTAX_ADVMSS)
                            advmss = U32(metricValue);
                    }

                    break;
            }
        }

        dst ??= family == Interop.Libc.AF_INET6 ? IPAddress.IPv6Any : IPAddress.Any;
        return new Route
        {
            Destination = new IPNetwork(dst, payload[1]),
            Gateway = gateway,
            Source = source,
            OutputIndex = oif,
            Table = table,
            Priority = priority,
            Scope = (RouteScope)payload[6],
            Protocol = payload[5],
            Type = payload[7],
            OnLink = (flags & RTNH_F_ONLINK) != 0,
            Mtu = mtu,
            AdvMss = advmss,
        };
    }
}
