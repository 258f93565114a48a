using System.Net;

namespace Cni.Linux;

/// <summary>Optional attributes for <see cref="AddressOps.Add"/>.</summary>
public sealed record AddressOptions
{
    /// <summary>The IPv4 broadcast address (<c>IFA_BROADCAST</c>).</summary>
    public IPAddress? Broadcast { get; init; }

    /// <summary>The scope; universe when null.</summary>
    public RouteScope? Scope { get; init; }

    /// <summary>Flags such as <see cref="AddressFlags.NoDad"/> and <see cref="AddressFlags.NoPrefixRoute"/>.</summary>
    public AddressFlags Flags { get; init; }

    /// <summary>The IPv4 label (<c>IFA_LABEL</c>); it must start with the interface name.</summary>
    public string? Label { get; init; }

    /// <summary>Replace an existing identical address instead of failing with EEXIST.</summary>
    public bool Replace { get; init; }
}
