using System.Net;
using Cni.Plugins.Ipam.Dhcp;

namespace Cni.Fuzz.Targets;

/// <summary>
/// The DHCP client's packet parsing, fed either a bare BOOTP message or a whole IPv4/UDP packet as the packet
/// socket delivers it: decode, then everything a lease is built from (routes, mask, timers, the CNI result).
/// The contract: <see cref="FormatException"/> for a malformed message; a CniException only for an ACK without a
/// subnet mask (Go's message).
/// </summary>
internal static class DhcpTarget
{
    public static bool Allowed(Exception e) =>
        e is FormatException || e is CniException { Msg: "DHCP option Subnet Mask not found in DHCPACK" };

    public static void Run(byte[] input)
    {
        var payload = Ipv4Udp.Decode(input)?.Payload ?? input;
        var message = DhcpMessage.Decode(payload);
        _ = message.Type;
        _ = message.Options.Seconds(DhcpOptionCode.IPAddressLeaseTime);
        _ = DhcpRoutes.From(message.Options, 0);
        _ = DhcpRoutes.From(message.Options, 100);
        var again = DhcpMessage.Decode(message.Encode());
        if (again.Xid != message.Xid || !again.YourAddress.Equals(message.YourAddress) || again.Options.Count != message.Options.Count)
        {
            throw new InvariantException("DHCP message does not survive encode then decode");
        }
        var ack = new DhcpReply(message, IPAddress.Parse("198.18.0.1"), [2, 0, 0, 0, 0, 1]);
        var lease = DhcpLeaseData.FromAck(ack, DateTimeOffset.UnixEpoch);
        // T1 > T2 is possible (T2 given, T1 defaulted to half the lease) and is Go's behaviour; neither may pass the lease.
        if (lease.RenewalTime > lease.LeaseTime || lease.RebindingTime > lease.LeaseTime)
        {
            throw new InvariantException($"lease timers out of order: T1 {lease.RenewalTime} T2 {lease.RebindingTime} lease {lease.LeaseTime}");
        }
        _ = CniResults.ToJson(lease.ToResult(0));
    }
}
