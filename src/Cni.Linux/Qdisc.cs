namespace Cni.Linux;

/// <summary>A queueing discipline as listed by <see cref="TrafficOps.ListQdiscs"/>.</summary>
public sealed record Qdisc
{
    /// <summary>The interface index.</summary>
    public required int Index { get; init; }

    /// <summary>The qdisc kind, e.g. <c>tbf</c>, <c>ingress</c>, <c>noqueue</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The handle (major:minor in the upper and lower 16 bits), e.g. 0x00010000 for <c>1:</c>.</summary>
    public uint Handle { get; init; }

    /// <summary>The parent handle; 0xFFFFFFFF for root, 0xFFFFFFF1 for ingress.</summary>
    public uint Parent { get; init; }

    /// <summary>For tbf: the rate in bytes per second.</summary>
    public ulong? Rate { get; init; }

    /// <summary>For tbf: the queue limit in bytes.</summary>
    public uint? Limit { get; init; }

    /// <summary>For tbf: the bucket size in scheduler ticks.</summary>
    public uint? Buffer { get; init; }
}
