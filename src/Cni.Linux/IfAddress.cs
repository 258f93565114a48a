using System.Net;

namespace Cni.Linux;

/// <summary>An address assigned to an interface (<c>RTM_NEWADDR</c>).</summary>
public sealed record IfAddress
{
    /// <summary>The index of the interface holding the address.</summary>
    public required int Index { get; init; }

    /// <summary>The local address (<c>IFA_LOCAL</c>, or <c>IFA_ADDRESS</c> when there is no separate local address).</summary>
    public required IPAddress Address { get; init; }

    /// <summary>The prefix length.</summary>
    public required int PrefixLength { get; init; }

    /// <summary>The peer address of a point-to-point address, when it differs from <see cref="Address"/>.</summary>
    public IPAddress? Peer { get; init; }

    /// <summary>The IPv4 broadcast address (<c>IFA_BROADCAST</c>).</summary>
    public IPAddress? Broadcast { get; init; }

    /// <summary>The address scope.</summary>
    public RouteScope Scope { get; init; }

    /// <summary>The address flags (<c>IFA_FLAGS</c>, or <c>ifa_flags</c> on kernels without it).</summary>
    public AddressFlags Flags { get; init; }

    /// <summary>The IPv4 label (<c>IFA_LABEL</c>), e.g. <c>eth0:1</c>.</summary>
    public string? Label { get; init; }

    /// <summary>The address in CIDR notation, e.g. <c>198.18.0.5/24</c>.</summary>
    public override string ToString() => $"{Address}/{PrefixLength}";
}
