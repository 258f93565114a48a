using System.Net;
using System.Net.Sockets;

namespace Cni.Linux;

/// <summary>A policy routing rule (<c>ip rule</c>): traffic matching the selectors looks up <see cref="Table"/>.</summary>
public sealed record Rule
{
    /// <summary>The address family; taken from <see cref="Source"/> or <see cref="Destination"/> when they are set.</summary>
    public AddressFamily Family { get; init; } = AddressFamily.InterNetwork;

    /// <summary>The rule priority (<c>FRA_PRIORITY</c>); the kernel picks one when null.</summary>
    public uint? Priority { get; init; }

    /// <summary>The table to look up.</summary>
    public required uint Table { get; init; }

    /// <summary>Match packets from this prefix (<c>from</c>).</summary>
    public IPNetwork? Source { get; init; }

    /// <summary>Match packets to this prefix (<c>to</c>).</summary>
    public IPNetwork? Destination { get; init; }

    /// <summary>Match packets arriving on this interface (<c>iif</c>).</summary>
    public string? InputInterface { get; init; }

    /// <summary>Match packets leaving through this interface (<c>oif</c>).</summary>
    public string? OutputInterface { get; init; }
}
