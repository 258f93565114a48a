using System.Buffers.Binary;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

internal ref partial struct NetlinkWriter
{
    /// <summary>RTM_SETLINK (AF_BRIDGE) with IFLA_PROTINFO port flags, as <c>bridge link set dev X hairpin on</c>.</summary>
    public static NetlinkWriter SetBridgePort(Span<byte> buffer, int index, bool? hairpin, bool? learning, bool? isolated)
    {
        var w = new NetlinkWriter(buffer, RTM_SETLINK, 0);
        w.WriteIfInfoMsg(family: Interop.Libc.AF_BRIDGE, index: index);
        var info = w.BeginNested(IFLA_PROTINFO | NLA_F_NESTED);
        if (hairpin is { } h)
            w.WriteU8(IFLA_BRPORT_MODE, h ? (byte)1 : (byte)0);
        if (learning is { } l)
            w.WriteU8(IFLA_BRPORT_LEARNING, l ? (byte)1 : (byte)0);
        if (isolated is { } i)
            w.WriteU8(IFLA_BRPORT_ISOLATED, i ? (byte)1 : (byte)0);
        w.EndNested(info);
        return w;
    }

    /// <summary>
    /// RTM_SETLINK (add) or RTM_DELLINK (delete), AF_BRIDGE, with IFLA_AF_SPEC / IFLA_BRIDGE_VLAN_INFO, as
    /// <c>bridge vlan add|del dev X vid N [pvid] [untagged] [self]</c>.
    /// </summary>
    public static NetlinkWriter BridgeVlan(Span<byte> buffer, bool add, int index, ushort vid, bool pvid, bool untagged, bool self)
    {
        var w = new NetlinkWriter(buffer, add ? RTM_SETLINK : RTM_DELLINK, 0);
        w.WriteIfInfoMsg(family: Interop.Libc.AF_BRIDGE, index: index);
        var spec = w.BeginNested(IFLA_AF_SPEC);
        if (self)
            w.WriteU16(IFLA_BRIDGE_FLAGS, BRIDGE_FLAGS_SELF);
        Span<byte> info = stackalloc byte[4];
        var flags = (ushort)((pvid ? BRIDGE_VLAN_INFO_PVID : 0) | (untagged ? BRIDGE_VLAN_INFO_UNTAGGED : 0));
        BinaryPrimitives.WriteUInt16LittleEndian(info, flags);
        BinaryPrimitives.WriteUInt16LittleEndian(info[2..], vid);
        w.WriteAttribute(IFLA_BRIDGE_VLAN_INFO, info);
        w.EndNested(spec);
        return w;
    }
}
