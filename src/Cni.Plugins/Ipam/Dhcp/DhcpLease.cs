namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>
/// One lease and the thread that keeps it (RFC 2131 §4.4.5): BOUND until T1, RENEWING (unicast) until T2, REBINDING
/// (broadcast) until expiry, then the interface is set down. A NAK means the address is no longer ours: the lease is
/// acquired again asking for the same address, and if the server hands out another one the interface is set down,
/// because the container keeps the address it was configured with.
/// </summary>
internal sealed class DhcpLease : IDisposable
{
    private readonly DhcpClient _client;
    private readonly IDhcpLink _link;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly AutoResetEvent _wake = new(false);
    private Thread? _thread;
    private volatile DhcpLeaseData _current;
    private volatile bool _lost;

    public DhcpLease(string clientId, DhcpClient client, IDhcpLink link, DhcpLeaseData acquired, TimeProvider time, Action<string> log)
    {
        ClientId = clientId;
        _client = client;
        _link = link;
        _current = acquired;
        _time = time;
        _log = log;
    }

    public string ClientId { get; }

    public DhcpLeaseData Current => _current;

    /// <summary>The lease expired or was refused and could not be kept: the address must not be used.</summary>
    public bool Lost => _lost;

    public void Start()
    {
        _thread = new Thread(Maintain) { IsBackground = true, Name = "dhcp lease" };
        _thread.Start();
    }

    /// <summary>Wakes the maintenance thread to look at its timers again.</summary>
    public void Check() => _wake.Set();

    /// <summary>Stops maintenance and, while the lease is still valid, releases it to the server.</summary>
    public void Stop(bool release)
    {
        StopThread();
        if (release && !_lost && _time.GetUtcNow() < _current.ExpiresAt && _link.Exists())
        {
            try
            {
                _client.Release(_current);
                _log($"{ClientId}: released {_current.Address}");
            }
            catch (Exception e)
            {
                _log($"{ClientId}: failed to release DHCP lease: {e.Message}");
            }
        }
    }

    private void StopThread()
    {
        _stop.Cancel();
        _wake.Set();
        _thread?.Join();
    }

    private void Maintain()
    {
        try
        {
            while (!_stop.IsCancellationRequested && Step() is { } wait)
            {
                _wake.WaitOne(wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            _log($"{ClientId}: stopped maintaining the lease: {e.Message}");
        }
    }

    /// <summary>One turn of the state machine; returns how long to wait before the next, or null when maintenance ends.</summary>
    public TimeSpan? Step()
    {
        var now = _time.GetUtcNow();
        var lease = _current;
        if (!_link.Exists())
        {
            _log($"{ClientId}: interface {_link.Name} is gone, no longer maintaining the lease");
            return null;
        }
        if (now < lease.RenewAt)
        {
            return lease.RenewAt - now;
        }
        if (now >= lease.ExpiresAt)
        {
            return LoseLease("lease expired");
        }
        bool rebinding = now >= lease.RebindAt;
        _log($"{ClientId}: {(rebinding ? "rebinding" : "renewing")} {lease.Address}");
        try
        {
            _current = _client.Extend(lease, rebinding, rebinding ? lease.ExpiresAt : lease.RebindAt, _stop.Token);
            _log($"{ClientId}: lease {(rebinding ? "rebound" : "renewed")}, expires {_current.ExpiresAt:O}");
        }
        catch (DhcpException e) when (e.Nak)
        {
            _log($"{ClientId}: {e.Message}; acquiring {lease.Address} again");
            return Reacquire(lease);
        }
        catch (DhcpException e)
        {
            _log($"{ClientId}: {e.Message}");
        }
        return _current.RenewAt - _time.GetUtcNow();
    }

    private TimeSpan? Reacquire(DhcpLeaseData lease)
    {
        DhcpLeaseData next;
        try
        {
            next = _client.Acquire(lease.Address, _stop.Token);
        }
        catch (DhcpException e)
        {
            return LoseLease(e.Message);
        }
        _current = next;
        if (!next.Address.Equals(lease.Address))
        {
            _client.Release(next);
            return LoseLease($"server offered {next.Address} instead of {lease.Address}");
        }
        _log($"{ClientId}: lease acquired again, expires {next.ExpiresAt:O}");
        return next.RenewAt - _time.GetUtcNow();
    }

    private TimeSpan? LoseLease(string why)
    {
        _lost = true;
        _log($"{ClientId}: {why}, setting {_link.Name} down");
        try
        {
            _link.SetDown();
        }
        catch (Exception e)
        {
            _log($"{ClientId}: failed to set {_link.Name} down: {e.Message}");
        }
        return null;
    }

    public void Dispose()
    {
        StopThread();
        _stop.Dispose();
        _wake.Dispose();
        _link.Dispose();
    }
}
