using System.Text.RegularExpressions;

namespace Cni.Differential.Tests.Harness;

/// <summary>
/// A stated difference between Go and ours: the trace lines only Go prints that match <see cref="Go"/> and the lines
/// only we print that match <see cref="Ours"/> are accepted, for the reason given. A stated difference that is no
/// longer observed fails the test, so the list never outlives the behaviour.
/// </summary>
internal sealed record Known(string? Go, string? Ours, string Why, bool Optional = false)
{
    public bool MatchesGo(string line) => Go is not null && Regex.IsMatch(line, Go);

    public bool MatchesOurs(string line) => Ours is not null && Regex.IsMatch(line, Ours);

    /// <summary>Accepted in every case, observed or not.</summary>
    public static readonly Known[] Everywhere =
    [
        new(null, @": out\.cniVersion = ", "our error objects carry the request's cniVersion (the spec's error shape; docs/DIFFERENCES.md)", true),
        new(null, @" disk data/[^/]+/\.cni-index/", "our host-local keeps an index under .cni-index/ (Go ignores it: it only reads files named after IPs)", true),
        Upstream(@" disk data/[^ ]+/(\d|[0-9a-f:]+:|last_reserved)[^ ]* mode=0644 ", @" disk data/[^ ]+/(\d|[0-9a-f:]+:|last_reserved)[^ ]* mode=0600 ", "host-local writes its files 0600 (was 0644)") with { Optional = true },
        Upstream(@"sysctl net\.ipv6\.conf\.[^.]+\.keep_addr_on_down = 0", @"sysctl net\.ipv6\.conf\.[^.]+\.keep_addr_on_down = 1", "v1.7.0 sets keep_addr_on_down=1 when adding IPv6") with { Optional = true },
        Upstream(@"sysctl net\.ipv6\.conf\.[^.]+\.ndisc_notify = 0", @"sysctl net\.ipv6\.conf\.[^.]+\.ndisc_notify = 1", "macvlan/ipvlan set ndisc_notify=1 next to arp_notify") with { Optional = true },
        new(@": out\.code = 999$", @": out\.code = (5|7|11)$", "our IPAM (and host-device's deviceID check) use the spec's codes: 7 bad config or args, 11 address held or pool exhausted, 5 store I/O; Go says 999 (messages identical)", true),
        Incompatibility.LockMode, Incompatibility.PtpAcceptDad, Incompatibility.PtpNodad, Incompatibility.Broadcast, Incompatibility.VethTxqlen,
    ];

    /// <summary>Debian 12 ships v1.1.1; we follow current upstream (v1.9.x) where the two differ.</summary>
    public static Known Upstream(string? go, string? ours, string change) => new(go, ours, "upstream changed since Debian's v1.1.1: " + change);
}
