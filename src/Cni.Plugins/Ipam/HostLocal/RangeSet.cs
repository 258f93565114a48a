using System.Net;
using Cni.Plugins.Ipam.Common;

namespace Cni.Plugins.Ipam.HostLocal;

/// <summary>A range set: disjoint ranges of one family; one address per ADD comes from each set.</summary>
internal sealed class RangeSet
{
    public RangeSet(IReadOnlyList<IpRange> ranges) => Ranges = ranges;

    public IReadOnlyList<IpRange> Ranges { get; }

    public bool IsV4 => Ranges[0].IsV4;

    /// <summary>Go's <c>RangeSet.Canonicalize</c>: non-empty, one family, no overlaps.</summary>
    /// <exception cref="CniException">Code 7 with Go's message.</exception>
    public static RangeSet Canonicalize(IReadOnlyList<RangeConfig?>? configs)
    {
        if (configs is null || configs.Count == 0)
        {
            throw IpamErrors.Config("empty range set");
        }
        var ranges = new List<IpRange>();
        foreach (var c in configs)
        {
            var r = IpRange.Canonicalize(c ?? new RangeConfig());
            if (ranges.Count > 0 && r.IsV4 != ranges[0].IsV4)
            {
                throw IpamErrors.Config("mixed address families");
            }
            ranges.Add(r);
        }
        for (int i = 0; i < ranges.Count; i++)
        {
            for (int j = i + 1; j < ranges.Count; j++)
            {
                if (ranges[i].Overlaps(ranges[j]))
                {
                    throw IpamErrors.Config($"subnets {ranges[i]} and {ranges[j]} overlap");
                }
            }
        }
        return new RangeSet(ranges);
    }

    public IpRange? RangeFor(IPAddress ip) => Ranges.FirstOrDefault(r => r.Contains(ip));

    public bool Contains(IPAddress ip) => RangeFor(ip) is not null;

    public bool Overlaps(RangeSet other) => Ranges.Any(r => other.Ranges.Any(r.Overlaps));

    public override string ToString() => string.Join(',', Ranges);
}
