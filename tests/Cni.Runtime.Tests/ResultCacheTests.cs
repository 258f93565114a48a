using System.Text;

namespace Cni.Runtime.Tests;

/// <summary>The result cache against Go's format, and the cache cases of libcni/api_test.go.</summary>
public sealed class ResultCacheTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly ResultCache _cache;

    public ResultCacheTests()
    {
        _cache = new ResultCache(_dir.Path);
    }

    public void Dispose() => _dir.Dispose();

    private static string Golden(string name) => Path.Join(AppContext.BaseDirectory, "Golden", name);

    private static readonly RuntimeConf GoldenRt = new()
    {
        ContainerId = "ctr-1",
        NetNS = "/var/run/netns/ctr-1",
        IfName = "eth0",
        Args = [new("K8S_POD_NAME", "web&db"), new("IgnoreUnknown", "1")],
        CapabilityArgs = new Dictionary<string, System.Text.Json.JsonElement>
        {
            ["portMappings"] = Fixtures.Json("""[{"HostPort":8080,"ContainerPort":80,"Protocol":"tcp","HostIP":""}]"""),
        },
    };

    private const string GoldenResult = """
        {"cniVersion":"1.0.0",
         "interfaces":[{"name":"cni0","mac":"0a:58:0a:f4:01:05"},{"name":"eth0","mac":"aa:bb:cc:dd:ee:ff","sandbox":"/var/run/netns/ctr-1"}],
         "ips":[{"interface":1,"address":"10.244.1.5/24","gateway":"10.244.1.1"}],
         "routes":[{"dst":"0.0.0.0/0","gw":"10.244.1.1"}],
         "dns":{"nameservers":["10.96.0.10"]}}
        """;

    [Fact]
    public void Entries_are_written_byte_for_byte_as_Go_writes_them()
    {
        var config = File.ReadAllBytes(Golden("config.conflist"));
        _cache.Add(CniResults.Parse(Encoding.UTF8.GetBytes(GoldenResult)), config, "golden", GoldenRt);

        var written = File.ReadAllBytes(Path.Join(_dir.Path, "results", "golden-ctr-1-eth0"));
        Assert.Equal(File.ReadAllText(Golden("golden-ctr-1-eth0")), Encoding.UTF8.GetString(written));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Join(_dir.Path, "results", "golden-ctr-1-eth0")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Join(_dir.Path, "results")));
        }
        Assert.Single(Directory.GetFiles(Path.Join(_dir.Path, "results")));
    }

    [Fact]
    public void A_Go_written_entry_reads_back()
    {
        Directory.CreateDirectory(Path.Join(_dir.Path, "results"));
        File.Copy(Golden("golden-ctr-1-eth0"), Path.Join(_dir.Path, "results", "golden-ctr-1-eth0"));

        var a = Assert.Single(_cache.GetAttachments("ctr-1"));
        Assert.Equal(("ctr-1", "golden", "eth0", "/var/run/netns/ctr-1"), (a.ContainerId, a.Network, a.IfName, a.NetNS));
        Assert.Equal(File.ReadAllBytes(Golden("config.conflist")), a.Config.ToArray());
        Assert.Equal(GoldenRt.Args, a.CniArgs);
        Assert.Equal(8080, a.CapabilityArgs!["portMappings"][0].GetProperty("HostPort").GetInt32());

        var result = (Result040)_cache.GetResult("golden", "0.4.0", GoldenRt)!;
        Assert.Equal("0.4.0", result.CniVersion);
        Assert.Equal("4", result.Ips[0].Version);
        Assert.Equal("10.244.1.5/24", result.Ips[0].Address.ToString());

        var config = _cache.GetConfig("golden", new RuntimeConf { ContainerId = "ctr-1", IfName = "eth0" })!;
        Assert.Equal(GoldenRt.Args, config.RuntimeConf.Args);
        Assert.Equal(["portMappings"], config.RuntimeConf.CapabilityArgs!.Keys);
    }

    [Fact]
    public void Two_attachments_of_one_network_get_separate_entries()
    {
        foreach (var (ifName, ip) in new[] { ("eth0", "10.1.2.3/24"), ("eth1", "10.1.2.4/24") })
        {
            var result = CniResults.Parse(Encoding.UTF8.GetBytes($$"""{"cniVersion":"1.0.0","ips":[{"address":"{{ip}}"}]}"""));
            _cache.Add(result, "{}"u8.ToArray(), "net", new RuntimeConf { ContainerId = "c", IfName = ifName });
        }
        var all = _cache.GetAttachments();
        Assert.Equal(["eth0", "eth1"], all.Select(a => a.IfName));
        Assert.Equal(["10.1.2.3/24", "10.1.2.4/24"], all.Select(a => a.Result!.Value.GetProperty("ips")[0].GetProperty("address").GetString()));
        var raw = File.ReadAllText(Path.Join(_dir.Path, "results", "net-c-eth1"));
        Assert.StartsWith("""{"kind":"cniCacheV1","containerId":"c","config":"e30=","ifName":"eth1","networkName":"net","result":""", raw);
    }

    [Theory]
    [InlineData("", "c", "eth0")]
    [InlineData("net", "", "eth0")]
    [InlineData("net", "c", "")]
    public void An_incomplete_key_is_Go_error(string net, string id, string ifName)
    {
        var rt = new RuntimeConf { ContainerId = id, IfName = ifName };
        var e = Assert.Throws<CniException>(() => _cache.GetResult(net, "1.0.0", rt));
        Assert.Equal($"cache file path requires network name (\"{net}\"), container ID (\"{id}\"), and interface name (\"{ifName}\")", e.Message);
        Assert.Throws<CniException>(() => _cache.GetConfig(net, rt));
    }

    [Theory]
    [InlineData("../../etc", "eth0")]
    [InlineData("c", "..")]
    public void Path_components_that_would_escape_are_refused(string id, string ifName)
    {
        var rt = new RuntimeConf { ContainerId = id, IfName = ifName };
        Assert.Throws<CniException>(() => _cache.Add(null, "{}"u8.ToArray(), "net", rt));
    }

    [Fact]
    public void Config_errors_match_Go()
    {
        var rt = new RuntimeConf { ContainerId = "c", IfName = "eth0" };
        Assert.Null(_cache.GetConfig("cachetest", rt));
        Assert.Null(_cache.GetResult("cachetest", "1.0.0", rt));
        _dir.Write("results/cachetest-c-eth0", "adfadsfasdfasfdsafaf");
        var e = Assert.Throws<CniException>(() => _cache.GetConfig("cachetest", rt));
        Assert.StartsWith("failed to unmarshal cached network \"cachetest\" config: ", e.Message);
        _dir.Write("results/cachetest-c-eth0", """{"kind":"other"}""");
        e = Assert.Throws<CniException>(() => _cache.GetConfig("cachetest", rt));
        Assert.Equal("read cached network \"cachetest\" config has wrong kind: other", e.Message);
    }

    [Fact]
    public void Listing_skips_what_Go_skips()
    {
        _cache.Add(null, "{}"u8.ToArray(), "net", new RuntimeConf { ContainerId = "abc", IfName = "eth0" });
        _cache.Add(null, "{}"u8.ToArray(), "net", new RuntimeConf { ContainerId = "abcd", IfName = "eth0" });
        _dir.Write("results/net-abc-eth1", "not json");
        _dir.Write("results/net-abc-eth2", """{"kind":"cniCacheV1","containerId":"abc","networkName":"net"}""");
        _dir.Write("results/net-abc-eth3", """{"kind":"v0","containerId":"abc","networkName":"net","ifName":"eth3"}""");
        _dir.Write("results/other-xabc-eth0", """{"kind":"cniCacheV1","containerId":"abc","networkName":"other","ifName":"eth0"}""");
        _dir.Write("results/.net-abc-eth9.tmp", """{"kind":"cniCacheV1","containerId":"abc","networkName":"net","ifName":"eth9"}""");
        Assert.Equal(["net", "net", "other"], _cache.GetAttachments().Select(a => a.Network));
        Assert.Equal(["abc"], _cache.GetAttachments("abc").Select(a => a.ContainerId));
        Assert.Empty(new ResultCache(_dir.Join("missing")).GetAttachments());
    }

    [Fact]
    public void A_legacy_bare_result_is_read()
    {
        _dir.Write("results/net-c-eth0", """{"cniVersion":"0.4.0","ips":[{"version":"4","address":"10.1.2.3/24"}]}""");
        var result = _cache.GetResult("net", "1.0.0", new RuntimeConf { ContainerId = "c", IfName = "eth0" })!;
        Assert.Equal("1.0.0", result.CniVersion);
    }

    [Fact]
    public void A_result_that_cannot_convert_names_the_version()
    {
        _dir.Write("results/net-c-eth0", """{"cniVersion":"1.0.0","interfaces":[{"name":"eth0"}]}""");
        var e = Assert.Throws<CniException>(() => _cache.GetResult("net", "0.2.0", new RuntimeConf { ContainerId = "c", IfName = "eth0" }));
        Assert.Equal("failed to convert cached result to config version \"0.2.0\": cannot convert: no valid IP addresses", e.Message);
    }
}
