using System.Net.NetworkInformation;

namespace Cni.Linux.Internal;

/// <summary>The attributes one RTM_NEWLINK on an existing link changes; null fields stay as they are.</summary>
internal readonly record struct LinkChange
{
    public uint Flags { get; init; }

    public uint FlagMask { get; init; }

    public int? Mtu { get; init; }

    public PhysicalAddress? Mac { get; init; }

    public string? Name { get; init; }

    public string? Alias { get; init; }

    /// <summary>The master index; 0 releases the link from its master (nomaster).</summary>
    public int? MasterIndex { get; init; }

    public int? TxQueueLen { get; init; }

    /// <summary>IPv6 address generation off (<c>addrgenmode none</c>): no link-local address when the link comes up.</summary>
    public bool NoIpv6AddressGeneration { get; init; }

    /// <summary>A namespace fd to move the link into.</summary>
    public int? NetNsFd { get; init; }
}
