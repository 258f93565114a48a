using System.Buffers.Binary;
using System.Net;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

internal ref partial struct NetlinkReader
{
    /// <summary>Decodes an <c>RTM_NEWADDR</c> payload (ifaddrmsg + IFA_* attributes).</summary>
    public static IfAddress ReadAddress(ReadOnlySpan<byte> payload)
    {
        try
        {
            return ReadAddressUnchecked(payload);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"malformed netlink message (ReadAddress): {e.Message}", e);
        }
    }

    private static IfAddress ReadAddressUnchecked(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < IFADDRMSG_LEN)
            throw new InvalidDataException("truncated ifaddrmsg");

        IPAddress? address = null, local = null, broadcast = null;
        string? label = null;
        uint flags = payload[2];

        var attributes = new NetlinkReader(payload[IFADDRMSG_LEN..]);
        while (attributes.TryReadAttribute(out var type, out var value))
        {
            switch (type)
            {
                case IFA_ADDRESS: address = Address(value); break;
                case IFA_LOCAL: local = Address(value); break;
                case IFA_BROADCAST: broadcast = Address(value); break;
                case IFA_LABEL: label = String(value); break;
                case IFA_FLAGS: flags = U32(value); break;
            }
        }

        var own = local ?? address ?? throw new InvalidDataException("address message without IFA_ADDRESS/IFA_LOCAL");
        return new IfAddress
        {
            Index = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]),
            Address = own,
            PrefixLength = payload[1],
            Peer = local is not null && address is not null && !local.Equals(address) ? address : null,
            Broadcast = broadcast,
            Scope = (RouteScope)payload[3],
            Flags = (AddressFlags)flags,
            Label = label,
        };
    }
}
