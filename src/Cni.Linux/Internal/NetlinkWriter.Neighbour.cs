using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

internal ref partial struct NetlinkWriter
{
    /// <summary>RTM_NEWNEIGH / RTM_DELNEIGH with a permanent ndmsg, NDA_DST and (add) NDA_LLADDR, as ip sends them.</summary>
    public static NetlinkWriter ModifyNeighbour(Span<byte> buffer, bool add, int index, IPAddress address, PhysicalAddress? mac)
    {
        var w = new NetlinkWriter(buffer, add ? RTM_NEWNEIGH : RTM_DELNEIGH, add ? (ushort)(NLM_F_CREATE | NLM_F_EXCL) : (ushort)0);
        var h = w.Reserve(NDMSG_LEN);
        h[0] = FamilyOf(address);
        BinaryPrimitives.WriteInt32LittleEndian(h[4..], index);
        BinaryPrimitives.WriteUInt16LittleEndian(h[8..], NUD_PERMANENT);
        w.WriteAddress(NDA_DST, address);
        if (mac is not null)
            w.WriteAttribute(NDA_LLADDR, mac.GetAddressBytes());
        return w;
    }
}
