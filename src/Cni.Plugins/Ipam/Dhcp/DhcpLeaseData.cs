using System.Net;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>A bound lease: the ACK, who sent it, and the timers it set (RFC 2131 §4.4.5).</summary>
internal sealed record DhcpLeaseData
{
    public required IPAddress Address { get; init; }
    public required IPAddress ServerId { get; init; }

    /// <summary>The hardware address the ACK came from: where renewals and the release are unicast.</summary>
    public required byte[] ServerHardwareAddress { get; init; }

    public required DhcpOptions Options { get; init; }
    public required DateTimeOffset BoundAt { get; init; }
    public required TimeSpan LeaseTime { get; init; }
    public required TimeSpan RenewalTime { get; init; }
    public required TimeSpan RebindingTime { get; init; }

    public DateTimeOffset RenewAt => BoundAt + RenewalTime;
    public DateTimeOffset RebindAt => BoundAt + RebindingTime;
    public DateTimeOffset ExpiresAt => BoundAt + LeaseTime;

    /// <summary>
    /// The lease an ACK grants: lease time from option 51 (an hour when absent), T2 from option 59 (85% when absent or
    /// beyond the lease), T1 from option 58 (50% when absent or beyond T2) — Go's <c>commit</c>.
    /// </summary>
    public static DhcpLeaseData FromAck(DhcpReply ack, DateTimeOffset now)
    {
        var o = ack.Message.Options;
        var lease = o.Seconds(DhcpOptionCode.IPAddressLeaseTime) ?? TimeSpan.FromHours(1);
        var t2 = o.Seconds(DhcpOptionCode.RebindingTime) is { } r && r <= lease ? r : lease * 0.85;
        var t1 = o.Seconds(DhcpOptionCode.RenewalTime) is { } t && t <= t2 ? t : lease / 2;
        return new DhcpLeaseData
        {
            Address = ack.Message.YourAddress,
            ServerId = o.Address(DhcpOptionCode.ServerIdentifier) ?? ack.Source,
            ServerHardwareAddress = ack.SourceHardwareAddress,
            Options = o,
            BoundAt = now,
            LeaseTime = lease,
            RenewalTime = t1,
            RebindingTime = t2,
        };
    }

    /// <summary>The CNI result: one IPv4 address with its gateway, the routes; DHCP's DNS options are not returned (as in Go).</summary>
    public Result ToResult(int priority)
    {
        var result = new Result { CniVersion = SpecVersions.Current, Routes = DhcpRoutes.From(Options, priority) };
        result.Ips.Add(DhcpRoutes.Address(Address, Options));
        return result;
    }
}
