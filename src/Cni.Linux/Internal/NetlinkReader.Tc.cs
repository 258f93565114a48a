using System.Buffers.Binary;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

internal ref partial struct NetlinkReader
{
    /// <summary>Decodes an <c>RTM_NEWQDISC</c> payload, with the tbf parameters when it is one.</summary>
    public static Qdisc ReadQdisc(ReadOnlySpan<byte> payload)
    {
        try
        {
            return ReadQdiscUnchecked(payload);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"malformed netlink message (ReadQdisc): {e.Message}", e);
        }
    }

    private static Qdisc ReadQdiscUnchecked(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < TCMSG_LEN)
            throw new InvalidDataException("truncated tcmsg");
        string kind = "";
        ulong? rate = null;
        uint? limit = null, bucket = null;
        var attributes = new NetlinkReader(payload[TCMSG_LEN..]);
        while (attributes.TryReadAttribute(out var type, out var value))
        {
            if (type == TCA_KIND)
                kind = String(value);
            else if (type == TCA_OPTIONS && kind == "tbf")
            {
                var options = new NetlinkReader(value);
                while (options.TryReadAttribute(out var option, out var optionValue))
                {
                    if (option == TCA_TBF_PARMS && optionValue.Length >= TC_TBF_QOPT_LEN)
                    {
                        rate ??= U32(optionValue[8..]);
                        limit = U32(optionValue[24..]);
                        bucket = U32(optionValue[28..]);
                    }
                    else if (option == TCA_TBF_RATE64)
                        rate = BinaryPrimitives.ReadUInt64LittleEndian(optionValue);
                }
            }
        }

        return new Qdisc
        {
            Index = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]),
            Handle = U32(payload[8..]),
            Parent = U32(payload[12..]),
            Kind = kind,
            Rate = rate,
            Limit = limit,
            Buffer = bucket,
        };
    }
}
