using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Ipam;

/// <summary>host-local through the real binary and protocol.</summary>
[Trait("Category", "Integration")]
public class HostLocalProtocolTests
{
    private const string DualStack = "\"ranges\":[[{\"subnet\":\"198.18.0.0/24\"}],[{\"subnet\":\"fd00:18::/120\"}]],\"routes\":[{\"dst\":\"0.0.0.0/0\"},{\"dst\":\"fd00:19::/64\",\"gw\":\"fd00:18::1\"}]";
    private const string SingleStack = "\"subnet\":\"198.18.0.0/24\",\"routes\":[{\"dst\":\"0.0.0.0/0\"}]";

    public static TheoryData<string> Versions() => new(SpecVersions.All);

    [Theory]
    [MemberData(nameof(Versions))]
    public void Add_and_del_give_each_versions_result_shape(string version)
    {
        Root.Require();
        using var f = new IpamFixture();
        bool legacy = version is "0.1.0" or "0.2.0";
        var conf = f.Config(legacy ? SingleStack : DualStack, version);
        var add = IpamFixture.Ours("ADD", conf).Ok();
        var expected = version switch
        {
            "0.1.0" or "0.2.0" => $$$"""{"cniVersion":"{{{version}}}","ip4":{"ip":"198.18.0.2/24","gateway":"198.18.0.1","routes":[{"dst":"0.0.0.0/0"}]},"dns":{}}""",
            "0.3.0" or "0.3.1" or "0.4.0" => $$$"""{"cniVersion":"{{{version}}}","ips":[{"version":"4","address":"198.18.0.2/24","gateway":"198.18.0.1"},{"version":"6","address":"fd00:18::2/120","gateway":"fd00:18::1"}],"routes":[{"dst":"0.0.0.0/0"},{"dst":"fd00:19::/64","gw":"fd00:18::1"}],"dns":{}}""",
            _ => $$$"""{"cniVersion":"{{{version}}}","ips":[{"address":"198.18.0.2/24","gateway":"198.18.0.1"},{"address":"fd00:18::2/120","gateway":"fd00:18::1"}],"routes":[{"dst":"0.0.0.0/0"},{"dst":"fd00:19::/64","gw":"fd00:18::1"}]}""",
        };
        Assert.Equal(expected, IpamFixture.Json(add.Stdout).GetRawText().Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal(legacy ? ["198.18.0.2"] : ["198.18.0.2", "fd00:18::2"], f.ReservationFiles());
        if (SpecVersion.Parse(version) >= new SpecVersion(0, 4, 0))
        {
            IpamFixture.Ours("CHECK", conf).Ok();
        }
        IpamFixture.Ours("DEL", conf).Ok();
        Assert.Empty(f.ReservationFiles());
        IpamFixture.Ours("DEL", conf).Ok();
        if (SpecVersion.Parse(version) >= new SpecVersion(0, 4, 0))
        {
            Assert.Equal(CniErrorCode.Internal, IpamFixture.Ours("CHECK", conf).Error().Code);
        }
    }

    [Fact]
    public void Second_add_for_the_same_attachment_fails_like_go_and_keeps_the_first_address()
    {
        Root.Require();
        using var f = new IpamFixture();
        var conf = f.Config(SingleStack);
        IpamFixture.Ours("ADD", conf).Ok();
        var e = IpamFixture.Ours("ADD", conf).Error();
        Assert.Equal("failed to allocate for range 0: 198.18.0.2 has been allocated to ctr1, duplicate allocation is not allowed", e.Msg);
        Assert.Equal(["198.18.0.2"], f.ReservationFiles());
        Assert.Equal("198.18.0.3/24", IpamFixture.FirstAddress(IpamFixture.Ours("ADD", conf, ifName: "net1").Ok().Stdout));
    }

    [Fact]
    public void Requested_ips_from_cni_args_args_and_runtime_config()
    {
        Root.Require();
        using var f = new IpamFixture();
        Assert.Equal("198.18.0.77/24", IpamFixture.FirstAddress(IpamFixture.Ours("ADD", f.Config(SingleStack), args: "IgnoreUnknown=1;IP=198.18.0.77/16;K8S_POD_NAME=p").Ok().Stdout));
        Assert.Equal("198.18.0.78/24", IpamFixture.FirstAddress(IpamFixture.Ours("ADD", f.Config(SingleStack, extra: ",\"args\":{\"cni\":{\"ips\":[\"198.18.0.78\"]}}"), id: "c2").Ok().Stdout));
        Assert.Equal("198.18.0.79/24", IpamFixture.FirstAddress(IpamFixture.Ours("ADD", f.Config(SingleStack, extra: ",\"runtimeConfig\":{\"ips\":[\"198.18.0.79/24\"]}"), id: "c3").Ok().Stdout));
        // ipRanges capability is prepended as range set 0.
        var res = IpamFixture.Ours("ADD", f.Config(SingleStack, extra: ",\"runtimeConfig\":{\"ipRanges\":[[{\"subnet\":\"fd00:20::/64\"}]]}"), id: "c4").Ok().Stdout;
        Assert.Equal("fd00:20::2/64", IpamFixture.FirstAddress(res));
        Assert.Equal("fd00:20::2", File.ReadAllText(Path.Combine(f.StoreDir, "last_reserved_ip.0")));
    }

    [Fact]
    public void Gc_releases_every_reservation_not_listed_and_status_reports_exhaustion()
    {
        Root.Require();
        using var f = new IpamFixture();
        var small = f.Config("\"subnet\":\"198.18.0.0/29\"");            // .2 .. .6: five addresses
        for (int i = 0; i < 5; i++)
        {
            IpamFixture.Ours("ADD", small, id: "c" + i).Ok();
        }
        File.WriteAllText(Path.Combine(f.StoreDir, "198.18.0.200"), "legacy-ctr");
        var status = CniBinary.Exec("host-local", CniBinary.Env("STATUS", containerId: null, ifname: null), small).Error();
        Assert.Equal(CniErrorCode.PluginNotAvailable, status.Code);
        Assert.Equal(CniErrorCode.TryAgainLater, IpamFixture.Ours("ADD", small, id: "c9").Error().Code);

        var gc = small.Replace("\"ipam\":", "\"cni.dev/valid-attachments\":[{\"containerID\":\"c1\",\"ifname\":\"eth0\"},{\"containerID\":\"legacy-ctr\",\"ifname\":\"eth0\"}],\"ipam\":", StringComparison.Ordinal);
        CniBinary.Exec("host-local", CniBinary.Env("GC", containerId: null, ifname: null), gc).Ok();
        Assert.Equal(["198.18.0.200", "198.18.0.3"], f.ReservationFiles());
        CniBinary.Exec("host-local", CniBinary.Env("STATUS", containerId: null, ifname: null), small).Ok();
        foreach (var none in new[] { "", ",\"cni.dev/valid-attachments\":null", ",\"cni.dev/valid-attachments\":[]" })
        {
            IpamFixture.Ours("ADD", small, id: "again").Ok();
            CniBinary.Exec("host-local", CniBinary.Env("GC", containerId: null, ifname: null), small.Replace("\"ipam\":", none.TrimStart(',') + (none.Length > 0 ? "," : "") + "\"ipam\":", StringComparison.Ordinal)).Ok();
            Assert.Empty(f.ReservationFiles());
        }
    }

    [Fact]
    public void Sixty_four_parallel_adds_from_sixteen_workers_get_distinct_addresses()
    {
        Root.Require();
        using var f = new IpamFixture();
        var conf = f.Config("\"subnet\":\"198.18.0.0/24\"");
        var addresses = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
            addresses.Add(IpamFixture.FirstAddress(IpamFixture.Ours("ADD", conf, id: "par" + i).Ok().Stdout)));
        Assert.Equal(64, addresses.Distinct().Count());
        Assert.Equal(64, f.ReservationFiles().Count);
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i => IpamFixture.Ours("DEL", conf, id: "par" + i).Ok());
        Assert.Empty(f.ReservationFiles());
    }
}
