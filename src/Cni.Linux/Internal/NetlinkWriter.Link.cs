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
}
