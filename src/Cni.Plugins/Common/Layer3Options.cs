namespace Cni.Plugins.Common;

/// <summary>How a plugin's <see cref="Layer3.AddOrRollBack"/> differs from macvlan's behaviour.</summary>
internal sealed record Layer3Options
{
    /// <summary>An empty <c>ipam</c> means L2 only (macvlan, tap, host-device); otherwise IPAM is always called.</summary>
    public bool AllowLayer2 { get; init; }

    /// <summary>Set <c>arp_notify</c> / <c>ndisc_notify</c> so neighbours learn the new MAC at once.</summary>
    public bool ArpNotify { get; init; }

    /// <summary>The result's DNS is IPAM's (dummy) rather than the config's.</summary>
    public bool DnsFromIpam { get; init; }

    /// <summary>Wrap IPAM errors as plain errors with this prefix (vlan: <c>failed to execute IPAM delegate: </c>).</summary>
    public string? IpamErrorPrefix { get; init; }

    /// <summary>Addresses and routes of a chained prevResult, used instead of IPAM (and never released by us).</summary>
    public Result? Chained { get; init; }

    /// <summary>What undoes the link on failure; deleting it when null.</summary>
    public Action? Undo { get; init; }
}
