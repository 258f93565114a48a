using System.Buffers.Binary;
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
}
