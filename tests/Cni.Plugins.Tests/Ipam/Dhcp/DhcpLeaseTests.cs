using System.Net;
using Cni.Plugins.Ipam.Dhcp;
using Xunit;

namespace Cni.Plugins.Tests.Ipam.Dhcp;

/// <summary>The client and the lease state machine against a scripted server, on a clock that only moves when waiting.</summary>
public sealed class DhcpLeaseTests
{
    private const string Address = "198.18.7.20";

    private readonly ManualClock _clock = new();
    private readonly FakeDhcpNetwork _net;
    private readonly List<string> _log = [];

    public DhcpLeaseTests() => _net = new FakeDhcpNetwork(_clock);

    private DhcpClient Client() => new(_net, new DhcpClientSettings
    {
        ClientId = DhcpClientSettings.ClientIdFor("c1/net/eth0"),
        Timeout = TimeSpan.FromSeconds(2),
        ResendMax = TimeSpan.FromSeconds(8),
        ResendTimeout = TimeSpan.FromSeconds(30),
    }, _clock, new Random(1));

    /// <summary>A well-behaved server: offers and acknowledges <see cref="Address"/>, lease 120 s (T1 60 s, T2 102 s).</summary>
    private static DhcpReply? Server(DhcpMessage m) => m.Type switch
    {
        DhcpMessageType.Discover => FakeDhcpNetwork.Reply(m, DhcpMessageType.Offer, Address),
        DhcpMessageType.Request => FakeDhcpNetwork.Reply(m, DhcpMessageType.Ack, Address),
        _ => null,
    };

    private DhcpLease Bound()
    {
        _net.Server = Server;
        var client = Client();
        var lease = new DhcpLease("c1/net/eth0", client, _net, client.Acquire(null, CancellationToken.None), _clock, _log.Add);
        _net.Sent.Clear();
        return lease;
    }

    [Fact]
    public void Acquire_runs_discover_offer_request_ack_with_broadcasts()
    {
        _net.Server = Server;
        var lease = Client().Acquire(null, CancellationToken.None);

        Assert.Equal(IPAddress.Parse(Address), lease.Address);
        Assert.Equal(FakeDhcpNetwork.ServerIp, lease.ServerId);
        Assert.Equal(FakeDhcpNetwork.ServerMac, lease.ServerHardwareAddress);
        Assert.Equal((TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(102)),
            (lease.LeaseTime, lease.RenewalTime, lease.RebindingTime));

        Assert.Equal([DhcpMessageType.Discover, DhcpMessageType.Request], _net.Sent.Select(s => s.Message.Type));
        Assert.All(_net.Sent, s => Assert.Equal((IPAddress.Any, IPAddress.Broadcast), (s.Source, s.Destination)));
        Assert.Equal(_net.Sent[0].Message.Xid, _net.Sent[1].Message.Xid);
        var request = _net.Sent[1].Message.Options;
        Assert.Equal(IPAddress.Parse(Address), request.Address(DhcpOptionCode.RequestedIPAddress));
        Assert.Equal(FakeDhcpNetwork.ServerIp, request.Address(DhcpOptionCode.ServerIdentifier));
        Assert.Equal(DhcpClientSettings.ClientIdFor("c1/net/eth0"), request.Get(DhcpOptionCode.ClientIdentifier));
        Assert.Equal([3, 1], request.Get(DhcpOptionCode.ParameterRequestList));
    }

    [Fact]
    public void A_silent_server_gets_retransmissions_with_backoff_until_the_budget_is_spent()
    {
        var e = Assert.Throws<DhcpException>(() => Client().Acquire(null, CancellationToken.None));
        Assert.Equal("no more tries", e.Message);
        Assert.All(_net.Sent, s => Assert.Equal(DhcpMessageType.Discover, s.Message.Type));
        var gaps = _net.Sent.Zip(_net.Sent.Skip(1), (a, b) => (b.At - a.At).TotalSeconds).ToList();
        // Timeout 2 s plus 2 s ±1 s for the first four retransmissions, then 4 s ±1 s.
        Assert.True(gaps.Count >= 4, string.Join(",", gaps));
        Assert.All(gaps.Take(4), g => Assert.InRange(g, 3, 5));
        Assert.InRange((_net.Sent[^1].At - _net.Sent[0].At).TotalSeconds, 20, 30);
    }

    [Fact]
    public void A_lost_reply_is_retransmitted()
    {
        int discovers = 0;
        _net.Server = m => m.Type == DhcpMessageType.Discover && ++discovers == 1 ? null : Server(m);
        Assert.Equal(IPAddress.Parse(Address), Client().Acquire(null, CancellationToken.None).Address);
        Assert.Equal(2, discovers);
    }

    [Fact]
    public void A_nak_to_the_selecting_request_restarts_from_discover()
    {
        int requests = 0;
        _net.Server = m => m.Type == DhcpMessageType.Request && ++requests == 1
            ? FakeDhcpNetwork.Reply(m, DhcpMessageType.Nak, Address)
            : Server(m);
        Client().Acquire(null, CancellationToken.None);
        Assert.Equal([DhcpMessageType.Discover, DhcpMessageType.Request, DhcpMessageType.Discover, DhcpMessageType.Request],
            _net.Sent.Select(s => s.Message.Type));
    }

    [Fact]
    public void Bound_waits_until_t1_then_renews_by_unicast_to_the_server()
    {
        using var lease = Bound();
        Assert.Equal(TimeSpan.FromSeconds(60), lease.Step());

        _clock.Advance(TimeSpan.FromSeconds(60));
        var renewedAt = _clock.Now;
        Assert.Equal(TimeSpan.FromSeconds(60), lease.Step());

        var renewal = Assert.Single(_net.Sent);
        Assert.Equal(DhcpMessageType.Request, renewal.Message.Type);
        Assert.Equal(IPAddress.Parse(Address), renewal.Message.ClientAddress);
        Assert.Equal((IPAddress.Parse(Address), FakeDhcpNetwork.ServerIp), (renewal.Source, renewal.Destination));
        Assert.Equal(FakeDhcpNetwork.ServerMac, renewal.DestinationHardware);
        Assert.Null(renewal.Message.Options.Get(DhcpOptionCode.ServerIdentifier));
        Assert.Null(renewal.Message.Options.Get(DhcpOptionCode.RequestedIPAddress));
        Assert.False(renewal.Message.Broadcast);
        Assert.Equal(renewedAt + TimeSpan.FromSeconds(120), lease.Current.ExpiresAt);
    }

    [Fact]
    public void Without_answers_renewing_turns_to_rebinding_at_t2_and_the_link_goes_down_at_expiry()
    {
        using var lease = Bound();
        var bound = lease.Current;
        _net.Server = _ => null;
        _clock.Now = bound.RenewAt;

        lease.Step();
        Assert.True(_clock.Now >= bound.RebindAt);
        Assert.All(_net.Sent, s => Assert.Equal(FakeDhcpNetwork.ServerIp, s.Destination));
        _net.Sent.Clear();

        lease.Step();
        Assert.True(_clock.Now >= bound.ExpiresAt);
        Assert.NotEmpty(_net.Sent);
        Assert.All(_net.Sent, s => Assert.Equal((IPAddress.Parse(Address), IPAddress.Broadcast), (s.Source, s.Destination)));
        Assert.True(_net.IsUp);

        Assert.Null(lease.Step());
        Assert.True(lease.Lost);
        Assert.False(_net.IsUp);
    }

    [Fact]
    public void Rebinding_accepts_an_ack_from_any_server()
    {
        using var lease = Bound();
        _clock.Now = lease.Current.RebindAt;
        lease.Step();
        var rebind = Assert.Single(_net.Sent);
        Assert.Equal(IPAddress.Broadcast, rebind.Destination);
        Assert.Equal(PacketTransport.BroadcastHardwareAddress, rebind.DestinationHardware);
        Assert.False(lease.Lost);
        Assert.Equal(_clock.Now + TimeSpan.FromSeconds(120), lease.Current.ExpiresAt);
    }

    [Fact]
    public void A_nak_on_renewal_acquires_the_same_address_again()
    {
        using var lease = Bound();
        int renewals = 0;
        _net.Server = m => m.Type == DhcpMessageType.Request && !m.ClientAddress.Equals(IPAddress.Any) && ++renewals == 1
            ? FakeDhcpNetwork.Reply(m, DhcpMessageType.Nak, Address)
            : Server(m);
        _clock.Now = lease.Current.RenewAt;

        Assert.NotNull(lease.Step());
        Assert.False(lease.Lost);
        Assert.Equal([DhcpMessageType.Request, DhcpMessageType.Discover, DhcpMessageType.Request], _net.Sent.Select(s => s.Message.Type));
        Assert.Equal(IPAddress.Parse(Address), _net.Sent[1].Message.Options.Address(DhcpOptionCode.RequestedIPAddress));
        Assert.Contains(_log, l => l.Contains("acquiring " + Address + " again", StringComparison.Ordinal));
    }

    [Fact]
    public void A_nak_followed_by_another_address_loses_the_lease_and_releases_the_new_one()
    {
        using var lease = Bound();
        _net.Server = m => m.Type switch
        {
            DhcpMessageType.Request when !m.ClientAddress.Equals(IPAddress.Any) => FakeDhcpNetwork.Reply(m, DhcpMessageType.Nak, Address),
            DhcpMessageType.Discover => FakeDhcpNetwork.Reply(m, DhcpMessageType.Offer, "198.18.7.21"),
            DhcpMessageType.Request => FakeDhcpNetwork.Reply(m, DhcpMessageType.Ack, "198.18.7.21"),
            _ => null,
        };
        _clock.Now = lease.Current.RenewAt;

        Assert.Null(lease.Step());
        Assert.True(lease.Lost);
        Assert.False(_net.IsUp);
        var release = _net.Sent[^1];
        Assert.Equal(DhcpMessageType.Release, release.Message.Type);
        Assert.Equal(IPAddress.Parse("198.18.7.21"), release.Message.ClientAddress);
    }

    [Fact]
    public void Stop_releases_by_unicast_from_the_lease_address()
    {
        using var lease = Bound();
        lease.Stop(release: true);
        var release = Assert.Single(_net.Sent);
        Assert.Equal(DhcpMessageType.Release, release.Message.Type);
        Assert.Equal((IPAddress.Parse(Address), FakeDhcpNetwork.ServerIp), (release.Source, release.Destination));
        Assert.Equal(IPAddress.Parse(Address), release.Message.ClientAddress);
        Assert.Equal(FakeDhcpNetwork.ServerIp, release.Message.Options.Address(DhcpOptionCode.ServerIdentifier));
    }

    [Fact]
    public void An_expired_or_vanished_lease_is_not_released()
    {
        using var lease = Bound();
        _net.Gone = true;
        Assert.Null(lease.Step());
        lease.Stop(release: true);
        Assert.Empty(_net.Sent);
    }
}
