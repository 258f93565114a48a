using System.Buffers.Binary;
using System.Net.NetworkInformation;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

internal ref partial struct NetlinkReader
{
    /// <summary>Decodes an <c>RTM_NEWLINK</c> payload (ifinfomsg + IFLA_* attributes).</summary>
    public static Link ReadLink(ReadOnlySpan<byte> payload)
    {
        try
        {
            return ReadLinkUnchecked(payload);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"malformed netlink message (ReadLink): {e.Message}", e);
        }
    }

    private static Link ReadLinkUnchecked(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < IFINFOMSG_LEN)
            throw new InvalidDataException("truncated ifinfomsg");

        var index = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
        string name = "";
        string? kind = null, slaveKind = null, alias = null;
        PhysicalAddress? mac = null;
        int mtu = 0, txQueueLen = 0;
        int? master = null, link = null, linkNetNsId = null;
        var operState = LinkOperState.Unknown;
        MacvlanMode? macvlanMode = null;
        IpvlanMode? ipvlanMode = null;
        ushort? vlanId = null;
        uint? vrfTable = null;
        ReadOnlySpan<byte> infoData = default;

        var attributes = new NetlinkReader(payload[IFINFOMSG_LEN..]);
        while (attributes.TryReadAttribute(out var type, out var value))
        {
            switch (type)
            {
                case IFLA_IFNAME: name = String(value); break;
                case IFLA_ADDRESS: mac = new PhysicalAddress(value.ToArray()); break;
                case IFLA_MTU: mtu = I32(value); break;
                case IFLA_TXQLEN: txQueueLen = I32(value); break;
                case IFLA_MASTER: master = I32(value); break;
                case IFLA_LINK: link = I32(value); break;
                case IFLA_LINK_NETNSID: linkNetNsId = I32(value); break;
                case IFLA_OPERSTATE: operState = (LinkOperState)value[0]; break;
                case IFLA_IFALIAS: alias = String(value); break;
                case IFLA_LINKINFO:
                    var info = new NetlinkReader(value);
                    while (info.TryReadAttribute(out var infoType, out var infoValue))
                    {
                        if (infoType == IFLA_INFO_KIND)
                            kind = String(infoValue);
                        else if (infoType == IFLA_INFO_SLAVE_KIND)
                            slaveKind = String(infoValue);
                        else if (infoType == IFLA_INFO_DATA)
                            infoData = infoValue;
                    }

                    break;
            }
        }

        var data = new NetlinkReader(infoData);
        while (data.TryReadAttribute(out var dataType, out var dataValue))
        {
            switch (kind)
            {
                case "macvlan" when dataType == IFLA_MACVLAN_MODE && dataValue.Length >= 4: macvlanMode = (MacvlanMode)BinaryPrimitives.ReadUInt32LittleEndian(dataValue); break;
                case "ipvlan" when dataType == IFLA_IPVLAN_MODE && dataValue.Length >= 2: ipvlanMode = (IpvlanMode)BinaryPrimitives.ReadUInt16LittleEndian(dataValue); break;
                case "vlan" when dataType == IFLA_VLAN_ID && dataValue.Length >= 2: vlanId = BinaryPrimitives.ReadUInt16LittleEndian(dataValue); break;
                case "vrf" when dataType == IFLA_VRF_TABLE && dataValue.Length >= 4: vrfTable = BinaryPrimitives.ReadUInt32LittleEndian(dataValue); break;
            }
        }

        return new Link
        {
            Index = index,
            Name = name,
            Kind = kind,
            SlaveKind = slaveKind,
            Mac = mac,
            Mtu = mtu,
            Flags = BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]),
            HardwareType = BinaryPrimitives.ReadUInt16LittleEndian(payload[2..]),
            MasterIndex = master,
            LinkIndex = link,
            LinkNetNsId = linkNetNsId,
            OperState = operState,
            TxQueueLen = txQueueLen,
            Alias = alias,
            MacvlanMode = macvlanMode,
            IpvlanMode = ipvlanMode,
            VlanId = vlanId,
            VrfTable = vrfTable,
        };
    }
}
