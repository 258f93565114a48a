using System.Net;
using Cni.Plugins.Ipam.HostLocal;
using Xunit;

namespace Cni.Plugins.Tests.Ipam;

public class RangeTests
{
    private static IpRange R(string subnet, string? start = null, string? end = null, string? gw = null) =>
        IpRange.Canonicalize(new RangeConfig { Subnet = subnet, RangeStart = start, RangeEnd = end, Gateway = gw });

    private static string Error(Action a) => Assert.Throws<CniException>(a).Msg;

    [Fact]
    public void Defaults_like_go_v4_and_v6()
    {
        var v4 = R("198.18.0.0/24");
        Assert.Equal(("198.18.0.1", "198.18.0.254", "198.18.0.1"), (v4.RangeStart.ToString(), v4.RangeEnd.ToString(), v4.Gateway.ToString()));
        var v6 = R("fd00:1::/120");
        Assert.Equal(("fd00:1::1", "fd00:1::ff", "fd00:1::1"), (v6.RangeStart.ToString(), v6.RangeEnd.ToString(), v6.Gateway.ToString()));
        Assert.Equal((UInt128)253, v4.Capacity);
    }

    [Theory]
    [InlineData("198.18.0.0/31", null, null, null, "Network 198.18.0.0/31 too small to allocate from")]
    [InlineData("198.18.0.1/24", null, null, null, "Network has host bits set. For a subnet mask of length 24 the network address is 198.18.0.0")]
    [InlineData("198.18.0.0/24", "198.18.1.5", null, null, "RangeStart 198.18.1.5 not in network 198.18.0.0/24")]
    [InlineData("198.18.0.0/24", "198.18.0.200", "198.18.0.100", null, "RangeStart 198.18.0.200 not in network 198.18.0.0/24")]
    [InlineData("198.18.0.0/24", null, "198.18.2.1", null, "RangeEnd 198.18.2.1 not in network 198.18.0.0/24")]
    [InlineData("198.18.0.0/24", null, null, "198.18.9.1", "Gateway 198.18.9.1 not in network 198.18.0.0/24")]
    [InlineData("198.18.0.0/33", null, null, null, "invalid CIDR address: 198.18.0.0/33")]
    [InlineData("198.18.0.0/24", "nope", null, null, "invalid IP address: nope")]
    public void Rejects_bad_ranges_with_gos_messages(string subnet, string? start, string? end, string? gw, string message) =>
        Assert.Equal(message, Error(() => R(subnet, start, end, gw)));

    [Fact]
    public void Range_sets_reject_overlap_mixed_and_empty()
    {
        Assert.Equal("subnets 198.18.0.1-198.18.0.254 and 198.18.0.10-198.18.0.20 overlap", Error(() => RangeSet.Canonicalize(
            [new RangeConfig { Subnet = "198.18.0.0/24" }, new RangeConfig { Subnet = "198.18.0.0/24", RangeStart = "198.18.0.10", RangeEnd = "198.18.0.20" }])));
        Assert.Equal("mixed address families", Error(() => RangeSet.Canonicalize([new RangeConfig { Subnet = "198.18.0.0/24" }, new RangeConfig { Subnet = "fd00::/64" }])));
        Assert.Equal("empty range set", Error(() => RangeSet.Canonicalize([])));
    }

    [Fact]
    public void Iterates_round_robin_from_last_reserved_skipping_gateways_and_wrapping()
    {
        var set = RangeSet.Canonicalize([
            new RangeConfig { Subnet = "198.18.0.0/29" },                       // .1 (gw) .. .6
            new RangeConfig { Subnet = "198.18.1.0/29", Gateway = "198.18.1.3" }, // .1 .. .6, .3 is the gateway
        ]);
        static List<string> All(RangeIterator it)
        {
            var list = new List<string>();
            while (it.Next() is var (ip, _))
            {
                list.Add(ip.ToString());
            }
            return list;
        }
        Assert.Equal(["198.18.0.2", "198.18.0.3", "198.18.0.4", "198.18.0.5", "198.18.0.6", "198.18.1.1", "198.18.1.2", "198.18.1.4", "198.18.1.5", "198.18.1.6"],
            All(new RangeIterator(set, null)));
        Assert.Equal(["198.18.1.5", "198.18.1.6", "198.18.0.2", "198.18.0.3", "198.18.0.4", "198.18.0.5", "198.18.0.6", "198.18.1.1", "198.18.1.2", "198.18.1.4"],
            All(new RangeIterator(set, IPAddress.Parse("198.18.1.4"))));
        // A last-reserved address outside the set is ignored: start from the beginning.
        Assert.Equal("198.18.0.2", new RangeIterator(set, IPAddress.Parse("10.0.0.1")).Next()!.Value.Ip.ToString());
    }
}
