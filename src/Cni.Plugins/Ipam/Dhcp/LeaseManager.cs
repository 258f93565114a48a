using System.Collections.Concurrent;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>The daemon's leases, keyed by client ID (<c>&lt;container id&gt;/&lt;network&gt;/&lt;ifname&gt;</c>), and the methods on them.</summary>
internal sealed class LeaseManager(DaemonOptions options, TimeProvider time, Action<string> log) : IDisposable
{
    private sealed record Entry(DhcpLease Lease, string Network, string ContainerId, string IfName);

    private readonly ConcurrentDictionary<string, Entry> _leases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, object> _gates = new(StringComparer.Ordinal);

    /// <exception cref="CniException">What the plugin should report.</exception>
    public ICniResult? Handle(DaemonRequest request) => request.Method switch
    {
        DaemonMethods.Allocate => Allocate(request),
        DaemonMethods.Check => Check(request),
        DaemonMethods.Release => Release(request),
        DaemonMethods.Gc => Gc(request),
        DaemonMethods.Status => null,
        _ => throw new CniException(CniErrorCode.InvalidEnvironmentVariables, $"unknown dhcp daemon method \"{request.Method}\""),
    };

    private ICniResult Allocate(DaemonRequest request)
    {
        var conf = DhcpConfig.Parse(request.Config.Span, request.Args);
        var key = Key(request, conf);
        lock (Gate(key))
        {
            if (_leases.TryGetValue(key, out var held))
            {
                if (!held.Lease.Lost)
                {
                    held.Lease.Check();
                    return held.Lease.Current.ToResult(conf.Priority);
                }
                Forget(key, release: false);
            }
            log($"{key}: acquiring lease");
            var link = NetNsLink.Open(options.HostPrefix + request.Netns, request.IfName, log);
            var client = new DhcpClient(link, Settings(key, conf), time, Random.Shared);
            DhcpLeaseData data;
            try
            {
                data = client.Acquire(null, CancellationToken.None);
            }
            catch (DhcpException e)
            {
                link.Dispose();
                throw new CniException(CniErrorCode.Internal, e.Message);
            }
            var lease = new DhcpLease(key, client, link, data, time, log);
            Result result;
            try
            {
                result = data.ToResult(conf.Priority);
            }
            catch (CniException)
            {
                lease.Stop(release: true);
                lease.Dispose();
                throw;
            }
            log($"{key}: lease acquired: {data.Address}, expires {data.ExpiresAt:O}");
            _leases[key] = new Entry(lease, conf.NetworkName, request.ContainerId, request.IfName);
            lease.Start();
            return result;
        }
    }

    private ICniResult? Check(DaemonRequest request)
    {
        var conf = DhcpConfig.Parse(request.Config.Span, request.Args);
        var key = Key(request, conf);
        if (!_leases.TryGetValue(key, out var held))
        {
            throw new CniException(CniErrorCode.Internal, $"no DHCP lease held for {key}");
        }
        if (held.Lease.Lost)
        {
            throw new CniException(CniErrorCode.Internal, $"the DHCP lease of {key} was lost");
        }
        var address = held.Lease.Current.Address;
        var prev = NetworkConfig.Parse(request.Config).ParsePrevResult();
        if (prev is not null && prev.Ips.Count > 0 && !prev.Ips.Any(ip => ip.Address.Address.Equals(address)))
        {
            throw new CniException(CniErrorCode.Internal, $"the DHCP lease of {key} is for {address}, not an address in prevResult");
        }
        held.Lease.Check();
        return null;
    }

    private ICniResult? Release(DaemonRequest request)
    {
        var conf = DhcpConfig.Parse(request.Config.Span, request.Args);
        var key = Key(request, conf);
        lock (Gate(key))
        {
            Forget(key, release: true);
        }
        return null;
    }

    private ICniResult? Gc(DaemonRequest request)
    {
        var config = NetworkConfig.Parse(request.Config);
        var valid = config.ValidAttachments ?? [];
        foreach (var (key, entry) in _leases)
        {
            if (entry.Network == config.Name && !valid.Any(a => a.ContainerId == entry.ContainerId && a.IfName == entry.IfName))
            {
                log($"{key}: not a valid attachment any more (GC)");
                lock (Gate(key))
                {
                    Forget(key, release: true);
                }
            }
        }
        return null;
    }

    private object Gate(string key) => _gates.GetOrAdd(key, _ => new object());

    private void Forget(string key, bool release)
    {
        if (_leases.TryRemove(key, out var entry))
        {
            log($"{key}: {(release ? "releasing" : "forgetting")} lease {entry.Lease.Current.Address}");
            entry.Lease.Stop(release);
            entry.Lease.Dispose();
        }
    }

    private DhcpClientSettings Settings(string key, DhcpConfig conf) => new()
    {
        ClientId = DhcpClientSettings.ClientIdFor(key),
        Provide = conf.Provide,
        RequestList = conf.Request,
        Timeout = options.Timeout,
        ResendMax = options.ResendMax,
        ResendTimeout = options.ResendTimeout,
        Broadcast = options.Broadcast,
    };

    private static string Key(DaemonRequest request, DhcpConfig conf) => $"{request.ContainerId}/{conf.NetworkName}/{request.IfName}";

    /// <summary>Stops maintenance without releasing: as with Go's daemon, leases outlive a daemon restart only at the server.</summary>
    public void Dispose()
    {
        foreach (var key in _leases.Keys)
        {
            if (_leases.TryRemove(key, out var entry))
            {
                entry.Lease.Dispose();
            }
        }
    }
}
