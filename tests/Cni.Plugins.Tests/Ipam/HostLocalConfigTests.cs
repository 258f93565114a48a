using Cni.Plugins.Ipam.HostLocal;
using Xunit;

namespace Cni.Plugins.Tests.Ipam;

public class HostLocalConfigTests
{
    private static HostLocalConfig Load(string ipam, string version = "1.1.0", string extra = "", string args = "")
    {
        using var f = new IpamFixture();
        return HostLocalConfig.Load(IpamFixture.Request(f.Config(ipam, version, extra), args: args));
    }

    private static CniException Fails(string ipam, string version = "1.1.0", string extra = "", string args = "") =>
        Assert.Throws<CniException>(() => Load(ipam, version, extra, args));

    [Fact]
    public void Merges_runtime_ranges_then_legacy_range_then_ranges_and_collects_requested_ips_in_order()
    {
        var c = Load("\"SUBNET\":\"198.18.1.0/24\",\"ranges\":[[{\"subnet\":\"fd00:2::/64\"}]]",
            extra: ",\"runtimeConfig\":{\"ipRanges\":[[{\"subnet\":\"198.18.9.0/24\"}]],\"ips\":[\"198.18.1.9/24\"]},\"args\":{\"cni\":{\"ips\":[\"fd00:2::9\"]}}",
            args: "IgnoreUnknown=1;IP=198.18.9.7;K8S_POD_NAME=x");
        Assert.Equal(["198.18.9.1-198.18.9.254", "198.18.1.1-198.18.1.254", "fd00:2::1-fd00:2::ffff:ffff:ffff:ffff"], c.RangeSets.Select(s => s.ToString()));
        Assert.Equal(["198.18.9.7", "fd00:2::9", "198.18.1.9"], c.RequestedIps.Select(i => i.ToString()));
        Assert.Equal(HostLocalConfig.DefaultDataDir, HostLocalConfig.Load(IpamFixture.Request(
            "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"ipam\":{\"type\":\"host-local\",\"subnet\":\"198.18.0.0/24\"}}")).DataDir);
    }

    [Theory]
    [InlineData("\"routes\":[]", "no IP ranges specified")]
    [InlineData("\"ranges\":[[]]", "invalid range set 0: empty range set")]
    [InlineData("\"ranges\":[[{}]]", "invalid range set 0: IP <nil> not v4 nor v6")]
    [InlineData("\"ranges\":[[{\"subnet\":\"198.18.0.0/24\"}],[{\"subnet\":\"198.18.0.0/25\"}]]", "range set 0 overlaps with 1")]
    [InlineData("\"ranges\":[[{\"subnet\":\"198.18.0.0/24\",\"rangeStart\":\"198.19.0.1\"}]]", "invalid range set 0: RangeStart 198.19.0.1 not in network 198.18.0.0/24")]
    [InlineData("\"ranges\":[[{\"subnet\":\"198.18.0.0/24\",\"gateway\":\"198.19.0.1\"}]]", "invalid range set 0: Gateway 198.19.0.1 not in network 198.18.0.0/24")]
    public void Rejects_bad_configs_with_code_7(string ipam, string message)
    {
        var e = Fails(ipam);
        Assert.Equal((CniErrorCode.InvalidNetworkConfig, message), (e.Code, e.Msg));
    }

    [Fact]
    public void Other_errors()
    {
        Assert.Equal("CNI version 0.2.0 does not support more than 1 address per family",
            Fails("\"ranges\":[[{\"subnet\":\"198.18.0.0/24\"}],[{\"subnet\":\"198.18.1.0/24\"}]]", version: "0.2.0").Msg);
        Assert.Equal("IPAM config missing 'ipam' key", Assert.Throws<CniException>(() =>
            HostLocalConfig.Load(IpamFixture.Request("{\"cniVersion\":\"1.0.0\",\"name\":\"n\"}"))).Msg);
        Assert.Equal(CniErrorCode.InvalidEnvironmentVariables, Fails("\"subnet\":\"198.18.0.0/24\"", args: "IP=1.2.3.4;FOO=1").Code);
        Assert.Equal(CniErrorCode.InvalidEnvironmentVariables, Fails("\"subnet\":\"198.18.0.0/24\"", args: "IP=x").Code);
        Assert.Equal("cannot understand ip: invalid IP address: nope",
            Fails("\"subnet\":\"198.18.0.0/24\"", extra: ",\"runtimeConfig\":{\"ips\":[\"nope\"]}").Msg);
    }

    [Fact]
    public void Parses_resolv_conf_like_go()
    {
        var dns = ResolvConf.Parse("# c\n; c\nnameserver 198.18.0.53\nnameserver fd00::53\ndomain example.test\nsearch a.test b.test\noptions ndots:2 edns0\nbogus\n");
        Assert.Equal(["198.18.0.53", "fd00::53"], dns.Nameservers!);
        Assert.Equal("example.test", dns.Domain);
        Assert.Equal(["a.test", "b.test"], dns.Search!);
        Assert.Equal(["ndots:2", "edns0"], dns.Options!);
    }
}
