namespace Cni.Plugins.Meta.Bandwidth;

/// <summary>The bandwidth plugin's keys: rates in bits per second, bursts in bits (any case, like Go).</summary>
internal sealed record BandwidthConfig
{
    public ulong? IngressRate { get; init; }
    public ulong? IngressBurst { get; init; }
    public ulong? EgressRate { get; init; }
    public ulong? EgressBurst { get; init; }
    public BandwidthRuntimeConfig? RuntimeConfig { get; init; }

    /// <summary>Whether any of the four keys is present at the top level (even 0): then runtimeConfig is ignored, as in Go.</summary>
    public bool HasTopLevel => IngressRate is not null || IngressBurst is not null || EgressRate is not null || EgressBurst is not null;
}

/// <summary><c>runtimeConfig</c>: the <c>bandwidth</c> capability.</summary>
internal sealed record BandwidthRuntimeConfig
{
    public BandwidthLimits? Bandwidth { get; init; }
}

/// <summary>The four limits; 0 means "not limited".</summary>
internal sealed record BandwidthLimits
{
    public ulong IngressRate { get; init; }
    public ulong IngressBurst { get; init; }
    public ulong EgressRate { get; init; }
    public ulong EgressBurst { get; init; }

    public bool IsZero => IngressRate == 0 && IngressBurst == 0 && EgressRate == 0 && EgressBurst == 0;
    public bool LimitsIngress => IngressRate > 0 && IngressBurst > 0;
    public bool LimitsEgress => EgressRate > 0 && EgressBurst > 0;
}
