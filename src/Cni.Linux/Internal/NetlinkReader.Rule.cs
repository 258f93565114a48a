using System.Net;
using System.Net.Sockets;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

internal ref partial struct NetlinkReader
{
    /// <summary>Decodes an <c>RTM_NEWRULE</c> payload (fib_rule_hdr + FRA_* attributes).</summary>
    public static Rule ReadRule(ReadOnlySpan<byte> payload)
    {
        try
        {
            return ReadRuleUnchecked(payload);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"malformed netlink message (ReadRule): {e.Message}", e);
        }
    }

    private static Rule ReadRuleUnchecked(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < RTMSG_LEN)
            throw new InvalidDataException("truncated fib_rule_hdr");
        IPNetwork? source = null, destination = null;
        string? iif = null, oif = null;
        uint? priority = null;
        uint table = payload[4];
        var attributes = new NetlinkReader(payload[RTMSG_LEN..]);
        while (attributes.TryReadAttribute(out var type, out var value))
        {
            switch (type)
            {
                case FRA_SRC: source = new IPNetwork(Address(value), payload[2]); break;
                case FRA_DST: destination = new IPNetwork(Address(value), payload[1]); break;
                case FRA_IIFNAME: iif = String(value); break;
                case FRA_OIFNAME: oif = String(value); break;
                case FRA_PRIORITY: priority = U32(value); break;
                case FRA_TABLE: table = U32(value); break;
            }
        }

        return new Rule
        {
            Family = payload[0] == Interop.Libc.AF_INET6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork,
            Priority = priority,
            Table = table,
            Source = source,
            Destination = destination,
            InputInterface = iif,
            OutputInterface = oif,
        };
    }
}
