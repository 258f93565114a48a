using Cni.Linux;

namespace Cni.Plugins.Meta.Bandwidth;

/// <summary>A tbf's parameters for a (rate, burst) in bits, computed with the Go plugin's exact arithmetic so either CHECK accepts the other's qdisc.</summary>
internal readonly record struct Tbf(ulong Rate, uint Limit, uint Buffer)
{
    /// <summary>The fixed latency of the Go plugin (25 ms), in microseconds.</summary>
    private const double LatencyUsec = 1_000_000.0 * (25 / 1000.0);

    public static Tbf For(ulong rateBits, ulong burstBits) => For(rateBits, burstBits, PacketScheduler.TicksPerMicrosecond);

    public static Tbf For(ulong rateBits, ulong burstBits, double ticksPerUsec)
    {
        var rate = rateBits / 8;
        var burst = (uint)(burstBits / 8);
        var buffer = (uint)((uint)(burst * 1_000_000.0 / rate) * ticksPerUsec);
        var limit = (uint)(rate * LatencyUsec / 1_000_000.0) + burst;
        return new Tbf(rate, limit, buffer);
    }
}
