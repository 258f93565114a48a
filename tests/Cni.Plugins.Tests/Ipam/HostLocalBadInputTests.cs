using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Ipam;

/// <summary>Bad input gets a spec error and leaves no reservation behind.</summary>
[Trait("Category", "Integration")]
public class HostLocalBadInputTests
{
    public static TheoryData<string, string, string, uint, string> Cases() => new()
    {
        { "overlapping ranges", "\"ranges\":[[{\"subnet\":\"198.18.0.0/24\"},{\"subnet\":\"198.18.0.128/25\"}]]", "", CniErrorCode.InvalidNetworkConfig, "invalid range set 0: subnets 198.18.0.1-198.18.0.254 and 198.18.0.129-198.18.0.254 overlap" },
        { "rangeStart outside", "\"ranges\":[[{\"subnet\":\"198.18.0.0/24\",\"rangeStart\":\"198.18.1.1\"}]]", "", CniErrorCode.InvalidNetworkConfig, "invalid range set 0: RangeStart 198.18.1.1 not in network 198.18.0.0/24" },
        { "gateway outside", "\"subnet\":\"198.18.0.0/24\",\"gateway\":\"198.19.0.1\"", "", CniErrorCode.InvalidNetworkConfig, "invalid range set 0: Gateway 198.19.0.1 not in network 198.18.0.0/24" },
        { "requested outside", "\"subnet\":\"198.18.0.0/24\",\"rangeStart\":\"198.18.0.100\"", "IP=198.18.0.50", CniErrorCode.InvalidNetworkConfig, "failed to allocate all requested IPs: 198.18.0.50" },
        { "requested gateway", "\"subnet\":\"198.18.0.0/24\"", "IP=198.18.0.1", CniErrorCode.InvalidNetworkConfig, "failed to allocate for range 0: requested ip 198.18.0.1 is subnet's gateway" },
        { "bad ip arg", "\"subnet\":\"198.18.0.0/24\"", "IP=198.18.0", CniErrorCode.InvalidEnvironmentVariables, "ARGS: error parsing value of pair \"IP=198.18.0\": invalid IP address: 198.18.0" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Config_errors(string why, string ipam, string args, uint code, string msg)
    {
        Root.Require();
        using var f = new IpamFixture();
        var e = IpamFixture.Ours("ADD", f.Config(ipam), args: args.Length > 0 ? args : null).Error();
        Assert.True((code, msg) == (e.Code, e.Msg), $"{why}: got {e.Code} {e.Msg}");
        Assert.False(Directory.Exists(f.StoreDir) && f.ReservationFiles().Count > 0, why);
    }

    [Fact]
    public void Taken_request_and_exhausted_range_are_try_again_later_and_leave_nothing_half_done()
    {
        Root.Require();
        using var f = new IpamFixture();
        var dual = f.Config("\"ranges\":[[{\"subnet\":\"fd00:30::/126\"}],[{\"subnet\":\"198.18.0.0/30\"}]]"); // v6 ::2 ::3, v4 .2 only
        IpamFixture.Ours("ADD", dual, id: "a").Ok();
        var e = IpamFixture.Ours("ADD", dual, id: "b").Error();
        Assert.Equal((CniErrorCode.TryAgainLater, "failed to allocate for range 1: no IP addresses available in range set: 198.18.0.1-198.18.0.2"), (e.Code, e.Msg));
        Assert.Equal(["198.18.0.2", "fd00:30::2"], f.ReservationFiles());   // b's v6 address was given back
        var taken = IpamFixture.Ours("ADD", dual, id: "c", args: "IP=fd00:30::2").Error();
        Assert.Equal(CniErrorCode.TryAgainLater, taken.Code);
        Assert.Equal("failed to allocate for range 0: requested IP address fd00:30::2 is not available in range set fd00:30::1-fd00:30::3", taken.Msg);
        Assert.Equal(["198.18.0.2", "fd00:30::2"], f.ReservationFiles());
    }

    [Fact]
    public void Network_names_that_are_paths_and_unusable_stores_are_refused()
    {
        Root.Require();
        using var f = new IpamFixture();
        foreach (var name in new[] { "../escape", "a/b", ".." })
        {
            var conf = f.Config("\"subnet\":\"198.18.0.0/24\"").Replace("\"name\":\"ipamtest\"", $"\"name\":\"{name}\"", StringComparison.Ordinal);
            Assert.Equal(CniErrorCode.InvalidNetworkConfig, IpamFixture.Ours("ADD", conf).Error().Code);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(f.DataDir));
        File.WriteAllText(f.StoreDir, "a file where the store directory should be");
        Assert.Equal(CniErrorCode.IOFailure, IpamFixture.Ours("ADD", f.Config("\"subnet\":\"198.18.0.0/24\"")).Error().Code);
    }

    [Fact]
    public void Corrupt_store_files_do_not_break_add_or_del()
    {
        Root.Require();
        using var f = new IpamFixture();
        Directory.CreateDirectory(f.StoreDir);
        File.WriteAllText(Path.Combine(f.StoreDir, "last_reserved_ip.0"), "garbage\n");
        File.WriteAllText(Path.Combine(f.StoreDir, "198.18.0.2"), "");
        Directory.CreateDirectory(Path.Combine(f.StoreDir, StoreIndexDir));
        File.WriteAllText(Path.Combine(f.StoreDir, StoreIndexDir, "index"), "not an index");
        var conf = f.Config("\"subnet\":\"198.18.0.0/24\"");
        Assert.Equal("198.18.0.3/24", IpamFixture.FirstAddress(IpamFixture.Ours("ADD", conf).Ok().Stdout));
        IpamFixture.Ours("DEL", conf).Ok();
        Assert.Equal(["198.18.0.2"], f.ReservationFiles());
    }

    private const string StoreIndexDir = ".cni-index";
}
