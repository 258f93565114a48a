namespace Cni.Linux;

/// <summary>A macvlan on top of <see cref="ParentIndex"/>.</summary>
public sealed record MacvlanSpec : LinkSpec
{
    /// <summary>The index of the parent (lower) device, in the socket's namespace.</summary>
    public required int ParentIndex { get; init; }

    /// <summary>The macvlan mode.</summary>
    public MacvlanMode Mode { get; init; } = MacvlanMode.Bridge;

    /// <summary>The broadcast/multicast queue length (<c>IFLA_MACVLAN_BC_QUEUE_LEN</c>, kernel 5.11+); the kernel default when null.</summary>
    public uint? BcQueueLen { get; init; }
}
