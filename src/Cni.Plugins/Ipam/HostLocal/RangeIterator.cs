using System.Net;

namespace Cni.Plugins.Ipam.HostLocal;

/// <summary>
/// Go's <c>RangeIter</c>, step for step: round-robin from the address after the last reserved one (or from the
/// first range's start), range after range, skipping each range's gateway, until it is back where it began.
/// </summary>
internal sealed class RangeIterator
{
    private readonly RangeSet _set;
    private int _rangeIdx;
    private IPAddress? _cur;
    private IPAddress? _startIP;

    public RangeIterator(RangeSet set, IPAddress? lastReserved)
    {
        _set = set;
        if (lastReserved is not null && set.Contains(lastReserved))
        {
            for (int i = 0; i < set.Ranges.Count; i++)
            {
                if (set.Ranges[i].Contains(lastReserved))
                {
                    _rangeIdx = i;
                    _cur = IpMath.Canonical(lastReserved);
                    break;
                }
            }
        }
        else
        {
            _startIP = set.Ranges[0].RangeStart;
        }
    }

    /// <summary>The next candidate and its range, or null when every address was offered.</summary>
    public (IPAddress Ip, IpRange Range)? Next()
    {
        while (true)
        {
            var r = _set.Ranges[_rangeIdx];
            if (_cur is null)
            {
                _cur = r.RangeStart;
                _startIP = _cur;
                if (_cur.Equals(r.Gateway))
                {
                    continue;
                }
                return (_cur, r);
            }
            if (_cur.Equals(r.RangeEnd))
            {
                _rangeIdx = (_rangeIdx + 1) % _set.Ranges.Count;
                r = _set.Ranges[_rangeIdx];
                _cur = r.RangeStart;
            }
            else
            {
                _cur = IpMath.Next(_cur);
            }
            if (_startIP is null)
            {
                _startIP = _cur;
            }
            else if (_cur.Equals(_startIP))
            {
                return null;
            }
            if (_cur.Equals(r.Gateway))
            {
                continue;
            }
            return (_cur, r);
        }
    }
}
