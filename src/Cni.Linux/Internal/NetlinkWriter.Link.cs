using System.Buffers.Binary;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

internal ref partial struct NetlinkWriter
{
    /// <summary>Writes the <c>ifinfomsg</c> family header of link messages.</summary>
    public void WriteIfInfoMsg(byte family = 0, int index = 0, uint flags = 0, uint change = 0, ushort type = 0)
    {
        var header = Reserve(IFINFOMSG_LEN);
        header[0] = family;
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], type);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], index);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], change);
    }

    /// <summary>RTM_GETLINK by name (index 0) or by index (name null); as <c>ip link show dev X</c>, without stats.</summary>
    public static NetlinkWriter GetLink(Span<byte> buffer, string? name, int index = 0)
    {
        var w = new NetlinkWriter(buffer, RTM_GETLINK, 0);
        w.WriteIfInfoMsg(index: index);
        w.WriteU32(IFLA_EXT_MASK, RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS);
        if (name is not null)
            w.WriteString(IFLA_IFNAME, name);
        return w;
    }

    /// <summary>RTM_NEWLINK changing only <c>ifi_flags</c> bits selected by <paramref name="change"/>.</summary>
    public static NetlinkWriter SetLinkFlags(Span<byte> buffer, int index, uint flags, uint change)
    {
        var w = new NetlinkWriter(buffer, RTM_NEWLINK, 0);
        w.WriteIfInfoMsg(index: index, flags: flags, change: change);
        return w;
    }

    /// <summary>RTM_NEWLINK on an existing link, as <c>ip link set dev X ...</c> sends it.</summary>
    public static NetlinkWriter ChangeLink(Span<byte> buffer, int index, in LinkChange change)
    {
        var w = new NetlinkWriter(buffer, RTM_NEWLINK, 0);
        w.WriteIfInfoMsg(index: index, flags: change.Flags, change: change.FlagMask);
        if (change.Name is not null)
            w.WriteString(IFLA_IFNAME, change.Name);
        if (change.Mtu is { } mtu)
            w.WriteU32(IFLA_MTU, (uint)mtu);
        if (change.Mac is not null)
            w.WriteAttribute(IFLA_ADDRESS, change.Mac.GetAddressBytes());
        if (change.TxQueueLen is { } txQueueLen)
            w.WriteU32(IFLA_TXQLEN, (uint)txQueueLen);
        if (change.MasterIndex is { } master)
            w.WriteU32(IFLA_MASTER, (uint)master);
        if (change.Alias is not null)
            w.WriteString(IFLA_IFALIAS, change.Alias);
        if (change.NetNsFd is { } fd)
            w.WriteU32(IFLA_NET_NS_FD, (uint)fd);
        if (change.NoIpv6AddressGeneration)
        {
            var spec = w.BeginNested(IFLA_AF_SPEC);
            var inet6 = w.BeginNested(Interop.Libc.AF_INET6);
            w.WriteU8(IFLA_INET6_ADDR_GEN_MODE, IN6_ADDR_GEN_MODE_NONE);
            w.EndNested(inet6);
            w.EndNested(spec);
        }
        return w;
    }

    /// <summary>RTM_DELLINK by index.</summary>
    public static NetlinkWriter DeleteLink(Span<byte> buffer, int index)
    {
        var w = new NetlinkWriter(buffer, RTM_DELLINK, 0);
        w.WriteIfInfoMsg(index: index);
        return w;
    }
}
