namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>
/// Go's retransmission delays: four quick retries after 2 s, then 4 s doubling up to the maximum, each ±1 s of
/// jitter (RFC 2131 §4.1 asks for exponential backoff from 4 s, randomized by ±1 s).
/// </summary>
internal sealed class Backoff(TimeSpan max, Random random)
{
    private const int FastRetries = 4;
    private static readonly TimeSpan s_fast = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_first = TimeSpan.FromSeconds(4);

    private int _fastLeft = FastRetries;
    private TimeSpan _base = s_first;

    public TimeSpan Next()
    {
        var jitter = TimeSpan.FromSeconds((random.NextDouble() * 2) - 1);
        if (_fastLeft > 0)
        {
            _fastLeft--;
            return s_fast + jitter;
        }
        var delay = _base + jitter;
        if (_base < max)
        {
            _base = _base * 2 < max ? _base * 2 : max;
        }
        return delay;
    }
}
