using System.Globalization;

namespace Cni.Linux;

/// <summary>The kernel packet scheduler's clock (<c>/proc/net/psched</c>), for tbf bucket sizes in ticks.</summary>
public static class PacketScheduler
{
    private static readonly Lazy<double> s_ticksPerMicrosecond = new(ReadTicksPerMicrosecond);

    /// <summary>Scheduler ticks per microsecond (typically 15.625), as iproute2 and vishvananda/netlink compute it.</summary>
    public static double TicksPerMicrosecond => s_ticksPerMicrosecond.Value;

    /// <summary>Ticks needed to send <paramref name="sizeBytes"/> at <paramref name="rateBytesPerSecond"/> (netlink.Xmittime).</summary>
    public static uint TransmitTicks(ulong rateBytesPerSecond, uint sizeBytes)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rateBytesPerSecond);
        // Same order of operations and truncations as vishvananda/netlink, so the Go plugin's CHECK agrees.
        var microseconds = (uint)(1_000_000.0 * ((double)sizeBytes / rateBytesPerSecond));
        return (uint)(microseconds * TicksPerMicrosecond);
    }

    private static double ReadTicksPerMicrosecond()
    {
        var fields = File.ReadAllText("/proc/net/psched").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var t2us = uint.Parse(fields[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var us2t = uint.Parse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var clockRes = uint.Parse(fields[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var clockFactor = clockRes / 1_000_000.0;
        return t2us / (double)us2t * clockFactor;
    }
}
