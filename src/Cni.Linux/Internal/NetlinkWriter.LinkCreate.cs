using System.Net.NetworkInformation;
using System.Net.Sockets;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

internal ref partial struct NetlinkWriter
{
    /// <summary>
    /// RTM_NEWLINK (NLM_F_CREATE | NLM_F_EXCL) for <paramref name="spec"/>, attributes in iproute2's order:
    /// IFLA_LINK (parent), IFLA_IFNAME, common attributes, then
    /// IFLA_LINKINFO with the kind and its IFLA_INFO_DATA. Namespace fds are read from the specs' handles,
    /// which the caller keeps alive until the request is sent.
    /// </summary>
    public static NetlinkWriter NewLink(Span<byte> buffer, LinkSpec spec)
    {
        var w = new NetlinkWriter(buffer, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
        w.WriteIfInfoMsg();
        if (ParentOf(spec) is { } parent)
            w.WriteU32(IFLA_LINK, (uint)parent);
        w.WriteString(IFLA_IFNAME, spec.Name);
        w.WriteCommonLinkAttributes(spec.Mtu, spec.Mac, spec.TxQueueLen, spec.Namespace);
        if (spec.MasterIndex is { } master)
            w.WriteU32(IFLA_MASTER, (uint)master);

        var info = w.BeginNested(IFLA_LINKINFO);
        w.WriteString(IFLA_INFO_KIND, KindOf(spec), terminate: false);
        switch (spec)
        {
            case VethSpec veth:
                var data = w.BeginNested(IFLA_INFO_DATA);
                var peer = w.BeginNested(VETH_INFO_PEER);
                w.WriteIfInfoMsg();
                w.WriteString(IFLA_IFNAME, veth.PeerName);
                w.WriteCommonLinkAttributes(veth.PeerMtu ?? veth.Mtu, veth.PeerMac, veth.PeerTxQueueLen, veth.PeerNamespace);
                w.EndNested(peer);
                w.EndNested(data);
                break;
            case BridgeSpec { VlanFiltering: not null } or BridgeSpec { McastSnooping: not null }:
                var bridge = (BridgeSpec)spec;
                data = w.BeginNested(IFLA_INFO_DATA);
                if (bridge.VlanFiltering is { } filtering)
                    w.WriteU8(IFLA_BR_VLAN_FILTERING, filtering ? (byte)1 : (byte)0);
                if (bridge.McastSnooping is { } snooping)
                    w.WriteU8(IFLA_BR_MCAST_SNOOPING, snooping ? (byte)1 : (byte)0);
                w.EndNested(data);
                break;
            case MacvlanSpec macvlan:
                data = w.BeginNested(IFLA_INFO_DATA);
                w.WriteU32(IFLA_MACVLAN_MODE, (uint)macvlan.Mode);
                if (macvlan.BcQueueLen is { } bcQueueLen)
                    w.WriteU32(IFLA_MACVLAN_BC_QUEUE_LEN, bcQueueLen);
                w.EndNested(data);
                break;
            case IpvlanSpec ipvlan:
                data = w.BeginNested(IFLA_INFO_DATA);
                w.WriteU16(IFLA_IPVLAN_MODE, (ushort)ipvlan.Mode);
                w.WriteU16(IFLA_IPVLAN_FLAGS, (ushort)ipvlan.Flag);
                w.EndNested(data);
                break;
            case VlanSpec vlan:
                data = w.BeginNested(IFLA_INFO_DATA);
                w.WriteU16(IFLA_VLAN_ID, vlan.VlanId);
                if (vlan.Protocol is { } protocol)
                    w.WriteU16BigEndian(IFLA_VLAN_PROTOCOL, protocol);
                w.EndNested(data);
                break;
            case VxlanSpec vxlan:
                data = w.BeginNested(IFLA_INFO_DATA);
                w.WriteVxlanData(vxlan);
                w.EndNested(data);
                break;
            case VrfSpec vrf:
                data = w.BeginNested(IFLA_INFO_DATA);
                w.WriteU32(IFLA_VRF_TABLE, vrf.Table);
                w.EndNested(data);
                break;
        }

        w.EndNested(info);
        return w;
    }

    private void WriteCommonLinkAttributes(int? mtu, PhysicalAddress? mac, int? txQueueLen, NetNs? ns)
    {
        if (mtu is { } m)
            WriteU32(IFLA_MTU, (uint)m);
        if (mac is not null)
            WriteAttribute(IFLA_ADDRESS, mac.GetAddressBytes());
        if (txQueueLen is { } q)
            WriteU32(IFLA_TXQLEN, (uint)q);
        if (ns is not null)
            WriteU32(IFLA_NET_NS_FD, (uint)ns.Handle.Fd);
    }

    private void WriteVxlanData(VxlanSpec vxlan)
    {
        WriteU32(IFLA_VXLAN_ID, vxlan.Vni);
        if (vxlan.ParentIndex is { } parent)
            WriteU32(IFLA_VXLAN_LINK, (uint)parent);
        if (vxlan.Local is { } local)
            WriteAddress(local.AddressFamily == AddressFamily.InterNetworkV6 ? IFLA_VXLAN_LOCAL6 : IFLA_VXLAN_LOCAL, local);
        if (vxlan.Group is { } group)
            WriteAddress(group.AddressFamily == AddressFamily.InterNetworkV6 ? IFLA_VXLAN_GROUP6 : IFLA_VXLAN_GROUP, group);
        if (vxlan.Learning is { } learning)
            WriteU8(IFLA_VXLAN_LEARNING, learning ? (byte)1 : (byte)0);
        if (vxlan.Port is { } port)
            WriteU16BigEndian(IFLA_VXLAN_PORT, port);
    }

    private static int? ParentOf(LinkSpec spec) => spec switch
    {
        MacvlanSpec s => s.ParentIndex,
        IpvlanSpec s => s.ParentIndex,
        VlanSpec s => s.ParentIndex,
        _ => null,
    };

    internal static string KindOf(LinkSpec spec) => spec switch
    {
        VethSpec => "veth",
        BridgeSpec => "bridge",
        MacvlanSpec => "macvlan",
        IpvlanSpec => "ipvlan",
        VlanSpec => "vlan",
        VxlanSpec => "vxlan",
        VrfSpec => "vrf",
        SimpleLinkSpec s => s.Kind,
        _ => throw new ArgumentException($"unsupported link spec {spec.GetType().Name}", nameof(spec)),
    };
}
