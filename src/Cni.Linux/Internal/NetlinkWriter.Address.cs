using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

internal ref partial struct NetlinkWriter
{
    /// <summary>Writes the <c>ifaddrmsg</c> family header of address messages.</summary>
    public void WriteIfAddrMsg(byte family, byte prefixLength = 0, byte flags = 0, byte scope = 0, int index = 0)
    {
        var header = Reserve(IFADDRMSG_LEN);
        header[0] = family;
        header[1] = prefixLength;
        header[2] = flags;
        header[3] = scope;
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], index);
    }

    /// <summary>RTM_GETADDR dump of one family (AF_UNSPEC for all), as <c>ip addr show</c>.</summary>
    public static NetlinkWriter DumpAddresses(Span<byte> buffer, byte family)
    {
        var w = new NetlinkWriter(buffer, RTM_GETADDR, 0);
        w.WriteIfAddrMsg(family);
        return w;
    }

    /// <summary>
    /// RTM_NEWADDR (add) or RTM_DELADDR, attributes in iproute2's order: IFA_LOCAL, IFA_BROADCAST, IFA_LABEL,
    /// IFA_FLAGS (only when a flag does not fit the 8-bit header field), IFA_ADDRESS.
    /// </summary>
    public static NetlinkWriter ModifyAddress(Span<byte> buffer, bool add, int index, IPAddress address, int prefixLength, AddressOptions? options)
    {
        var flags = (uint)(options?.Flags ?? AddressFlags.None);
        var createFlags = add ? (ushort)(NLM_F_CREATE | (options?.Replace == true ? NLM_F_REPLACE : NLM_F_EXCL)) : (ushort)0;
        var w = new NetlinkWriter(buffer, add ? RTM_NEWADDR : RTM_DELADDR, createFlags);
        var family = address.AddressFamily == AddressFamily.InterNetworkV6 ? Interop.Libc.AF_INET6 : Interop.Libc.AF_INET;
        w.WriteIfAddrMsg((byte)family, (byte)prefixLength, flags <= 0xff ? (byte)flags : (byte)0, (byte)(options?.Scope ?? RouteScope.Universe), index);
        w.WriteAddress(IFA_LOCAL, address);
        if (options?.Broadcast is { } broadcast)
            w.WriteAddress(IFA_BROADCAST, broadcast);
        if (options?.Label is { } label)
            w.WriteString(IFA_LABEL, label);
        if (flags > 0xff)
            w.WriteU32(IFA_FLAGS, flags);
        w.WriteAddress(IFA_ADDRESS, address);
        return w;
    }
}
