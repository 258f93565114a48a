namespace Cni.Runtime.Tests;

/// <summary>Mirrors the CHECK, DEL, GC, STATUS, VERSION and validation cases of libcni/api_test.go.</summary>
public sealed class CniConfigLifecycleTests : IDisposable
{
    private readonly TempDir _cache = new();
    private readonly FakeExecutor _exec = new() { Respond = Fixtures.NoopChain };
    private readonly CniConfig _cni;

    public CniConfigLifecycleTests()
    {
        _cni = new CniConfig(["/dir"], _cache.Path, _exec);
    }

    public void Dispose() => _cache.Dispose();

    private string CacheFile => Path.Join(_cache.Path, "results", "some-list-some-container-id-some-eth0");

    private async Task<string> AddAsync(NetworkConfigList list)
    {
        var result = await _cni.AddNetworkListAsync(list, Fixtures.Rt());
        _exec.Calls.Clear();
        return CniResults.ToJson(result!, indented: false);
    }

    [Fact]
    public async Task CHECK_runs_every_plugin_in_order_with_the_cached_result()
    {
        var list = Fixtures.List();
        var cached = await AddAsync(list);
        await _cni.CheckNetworkListAsync(list, Fixtures.Rt());
        Assert.Equal(["CHECK", "CHECK", "CHECK"], _exec.Calls.Select(c => c.Command));
        Assert.Equal(["p0", "p1", "p2"], _exec.Calls.Select(c => Fixtures.Json(c.Stdin).GetProperty("debug").GetString()));
        Assert.All(_exec.Calls, c => Assert.Equal(cached, Fixtures.Json(c.Stdin).GetProperty("prevResult").GetRawText()));
    }

    [Fact]
    public async Task CHECK_is_refused_below_040_even_with_disableCheck()
    {
        var e = await Assert.ThrowsAsync<CheckNotSupportedException>(() => _cni.CheckNetworkListAsync(Fixtures.List("0.3.1", ",\"disableCheck\":true"), Fixtures.Rt()));
        Assert.Equal("configuration version \"0.3.1\" does not support the CHECK command", e.Message);
        Assert.Empty(_exec.Calls);
    }

    [Fact]
    public async Task CHECK_with_disableCheck_runs_nothing()
    {
        await _cni.CheckNetworkListAsync(Fixtures.List("1.0.0", ",\"disableCheck\":true"), Fixtures.Rt());
        Assert.Empty(_exec.Calls);
    }

    [Fact]
    public async Task CHECK_without_a_cache_runs_without_prevResult()
    {
        await _cni.CheckNetworkListAsync(Fixtures.List(), Fixtures.Rt());
        Assert.All(_exec.Calls, c => Assert.DoesNotContain("prevResult", c.Stdin));
    }

    [Fact]
    public async Task CHECK_with_a_corrupt_cache_fails()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CacheFile)!);
        File.WriteAllText(CacheFile, "adfadsfasdfasfdsafaf");
        var e = await Assert.ThrowsAsync<CniException>(() => _cni.CheckNetworkListAsync(Fixtures.List(), Fixtures.Rt()));
        Assert.StartsWith("failed to get network \"some-list\" cached result: decoding version from network config: ", e.Message);
        Assert.Empty(_exec.Calls);
    }

    [Fact]
    public async Task CHECK_returns_the_plugin_error_unwrapped()
    {
        var list = Fixtures.List();
        await AddAsync(list);
        _exec.Respond = c => c.Stdin.Contains("\"p1\"") ? throw new CniException(11, "plugin error: banana") : "";
        var e = await Assert.ThrowsAsync<CniException>(() => _cni.CheckNetworkListAsync(list, Fixtures.Rt()));
        Assert.IsNotType<PluginFailedException>(e);
        Assert.Equal("plugin error: banana", e.Message);
    }

    [Fact]
    public async Task CHECK_converts_a_legacy_bare_cached_result_to_the_config_version()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CacheFile)!);
        File.WriteAllText(CacheFile, """{"cniVersion":"0.3.1","ips":[{"version":"4","address":"10.1.2.3/24"}]}""");
        await _cni.CheckNetworkListAsync(Fixtures.List(), Fixtures.Rt());
        var prev = Fixtures.Json(_exec.Calls[0].Stdin).GetProperty("prevResult");
        Assert.Equal("1.1.0", prev.GetProperty("cniVersion").GetString());
        Assert.False(prev.TryGetProperty("kind", out _));
    }

    [Fact]
    public async Task CHECK_with_an_unknown_cached_version_fails()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CacheFile)!);
        File.WriteAllText(CacheFile, """{"cniVersion":"0.4567.0"}""");
        var e = await Assert.ThrowsAsync<CniException>(() => _cni.CheckNetworkListAsync(Fixtures.List(), Fixtures.Rt()));
        Assert.Equal("failed to get network \"some-list\" cached result: unsupported CNI result version \"0.4567.0\"", e.Message);
    }

    [Fact]
    public async Task DEL_runs_in_reverse_with_the_cached_result_and_removes_the_cache()
    {
        var list = Fixtures.List();
        var cached = await AddAsync(list);
        await _cni.DelNetworkListAsync(list, Fixtures.Rt());
        Assert.Equal(["p2", "p1", "p0"], _exec.Calls.Select(c => Fixtures.Json(c.Stdin).GetProperty("debug").GetString()));
        Assert.All(_exec.Calls, c => Assert.Equal("DEL", c.Command));
        Assert.All(_exec.Calls, c => Assert.Equal(cached, Fixtures.Json(c.Stdin).GetProperty("prevResult").GetRawText()));
        Assert.Contains("\"runtimeConfig\":{\"otherCapability\":33", _exec.Calls[1].Stdin);
        Assert.False(File.Exists(CacheFile));
        Assert.Null(_cni.GetNetworkListCachedResult(list, Fixtures.Rt()));
        Assert.Null(_cni.GetNetworkListCachedConfig(list, Fixtures.Rt()));
        Assert.Empty(_cni.GetCachedAttachments());

        _exec.Calls.Clear();
        await _cni.DelNetworkListAsync(list, Fixtures.Rt());
        Assert.Equal(3, _exec.Calls.Count);
    }

    [Fact]
    public async Task DEL_below_040_sends_no_prevResult()
    {
        var list = Fixtures.List("0.3.1");
        _exec.Respond = c => c.Command == "ADD" ? """{"cniVersion":"0.3.1","ips":[{"version":"4","address":"10.1.2.3/24"}]}""" : "";
        await _cni.AddNetworkListAsync(list, Fixtures.Rt());
        _exec.Calls.Clear();
        await _cni.DelNetworkListAsync(list, Fixtures.Rt());
        Assert.All(_exec.Calls, c => Assert.DoesNotContain("prevResult", c.Stdin));
    }

    [Theory]
    [InlineData("adfadsfasdfasfdsafaf")]
    [InlineData("""{"cniVersion":"0.4567.0"}""")]
    [InlineData("""{"kind":"cniCacheV1","result":{"cniVersion":"1.0.0","ips":[{"address":"bogus"}]}}""")]
    public async Task DEL_tolerates_a_cache_it_cannot_use_and_removes_it(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CacheFile)!);
        File.WriteAllText(CacheFile, content);
        await _cni.DelNetworkListAsync(Fixtures.List(), Fixtures.Rt());
        Assert.Equal(3, _exec.Calls.Count);
        Assert.All(_exec.Calls, c => Assert.DoesNotContain("prevResult", c.Stdin));
        Assert.False(File.Exists(CacheFile));
    }

    [Fact]
    public async Task DEL_failure_is_wrapped_as_delete_and_stops()
    {
        _exec.Respond = c => c.Stdin.Contains("\"p1\"") ? throw new CniException(999, "plugin error: banana") : "";
        var e = await Assert.ThrowsAsync<PluginFailedException>(() => _cni.DelNetworkListAsync(Fixtures.List(), Fixtures.Rt()));
        Assert.Equal("plugin type=\"noop\" failed (delete): plugin error: banana", e.Message);
        Assert.Equal(2, _exec.Calls.Count);
    }

    [Fact]
    public async Task GC_deletes_stale_attachments_then_sends_GC_with_the_valid_ones()
    {
        var list = Fixtures.List();
        await AddAsync(list);
        var log = new List<string>();
        _exec.Respond = c => { log.Add(c.Command); return ""; };

        await _cni.GCNetworkListAsync(Fixtures.List("1.1.0", ",\"disableGC\":true"), null);
        Assert.Empty(log);

        await _cni.GCNetworkListAsync(list, new GCArgs([new Attachment("some-container-id", "some-eth0")]));
        Assert.Equal(["GC", "GC", "GC"], log);
        var gc = _exec.Calls[0];
        Assert.Equal(
            """{"capabilities":{"disabled":false,"otherCapability":true,"portMappings":true},"cni.dev/attachments":[{"containerID":"some-container-id","ifname":"some-eth0"}],"cni.dev/valid-attachments":[{"containerID":"some-container-id","ifname":"some-eth0"}],"cniVersion":"1.1.0","debug":"p0","name":"some-list","type":"noop"}""",
            gc.Stdin);
        Assert.Equal(("", "", "", ""), (gc.Env["CNI_CONTAINERID"], gc.Env["CNI_NETNS"], gc.Env["CNI_IFNAME"], gc.Env["CNI_ARGS"]));

        log.Clear();
        _exec.Calls.Clear();
        await _cni.GCNetworkListAsync(list, new GCArgs([]));
        Assert.Equal(["DEL", "DEL", "DEL", "GC", "GC", "GC"], log);
        Assert.Equal("FOO=BAR", _exec.Calls[0].Env["CNI_ARGS"]);
        Assert.Contains("\"runtimeConfig\":{", _exec.Calls[2].Stdin);
        Assert.Contains("\"cni.dev/valid-attachments\":[]", _exec.Calls[3].Stdin);
        Assert.Empty(_cni.GetCachedAttachments());
    }

    [Fact]
    public async Task GC_without_args_omits_the_attachment_keys_and_null_list_sends_null()
    {
        await _cni.GCNetworkListAsync(Fixtures.List(), null);
        Assert.DoesNotContain("cni.dev", _exec.Calls[0].Stdin);
        _exec.Calls.Clear();
        await _cni.GCNetworkListAsync(Fixtures.List(), new GCArgs(null));
        Assert.Contains("\"cni.dev/valid-attachments\":null", _exec.Calls[0].Stdin);
    }

    [Fact]
    public async Task GC_below_110_only_deletes_and_collects_every_error()
    {
        var list = Fixtures.List("1.0.0");
        await AddAsync(list);
        await _cni.GCNetworkListAsync(list, null);
        Assert.Equal(["DEL", "DEL", "DEL"], _exec.Calls.Select(c => c.Command));

        _exec.Respond = _ => throw new CniException(7, "nope");
        var e = await Assert.ThrowsAsync<CniException>(() => _cni.GCNetworkListAsync(Fixtures.List(), null));
        Assert.Equal("failed to GC plugin noop: nope\nfailed to GC plugin noop: nope\nfailed to GC plugin noop: nope", e.Message);
    }

    [Fact]
    public async Task STATUS_stops_at_the_first_failure_and_keeps_its_code()
    {
        _exec.Respond = c => c.Stdin.Contains("\"p1\"") ? throw new CniException(50, "plugin not available") : "";
        var e = await Assert.ThrowsAsync<CniException>(() => _cni.GetStatusNetworkListAsync(Fixtures.List()));
        Assert.Equal(50u, e.Code);
        Assert.Equal(["STATUS", "STATUS"], _exec.Calls.Select(c => c.Command));
        Assert.Equal("""{"capabilities":{"disabled":false,"otherCapability":true,"portMappings":true},"cniVersion":"1.1.0","debug":"p0","name":"some-list","type":"noop"}""", _exec.Calls[0].Stdin);

        _exec.Calls.Clear();
        await _cni.GetStatusNetworkListAsync(Fixtures.List("1.0.0"));
        Assert.Empty(_exec.Calls);
    }

    [Fact]
    public async Task VERSION_sends_Go_request_and_returns_the_list_verbatim()
    {
        _exec.Respond = _ => """{"cniVersion":"1.1.0","supportedVersions":["0.-42.0","0.1.0","1.0.0"]}""";
        var info = await _cni.GetVersionInfoAsync("noop");
        Assert.Equal(["0.-42.0", "0.1.0", "1.0.0"], info.SupportedVersions);
        var call = _exec.Calls[0];
        Assert.Equal("""{"cniVersion":"1.1.0"}""", call.Stdin);
        Assert.Equal(("VERSION", "dummy", "dummy", "dummy"), (call.Command, call.Env["CNI_NETNS"], call.Env["CNI_IFNAME"], call.Env["CNI_PATH"]));

        _exec.Respond = _ => throw new CniException(4, "unknown CNI_COMMAND: VERSION");
        Assert.Equal(["0.1.0"], (await _cni.GetVersionInfoAsync("noop")).SupportedVersions);
        await Assert.ThrowsAsync<CniException>(() => _cni.GetVersionInfoAsync("nope"));
    }

    [Fact]
    public async Task Validate_collects_every_plugin_error_in_brackets_and_returns_enabled_capabilities()
    {
        _exec.Respond = _ => """{"cniVersion":"1.1.0","supportedVersions":["0.4.0","1.1.0"]}""";
        var caps = await _cni.ValidateNetworkListAsync(Fixtures.List());
        Assert.Equal(["otherCapability", "portMappings"], caps.Order());

        var e = await Assert.ThrowsAsync<CniException>(() => _cni.ValidateNetworkListAsync(Fixtures.List("broken")));
        Assert.Equal(string.Concat("[", string.Join(' ', Enumerable.Repeat("plugin noop does not support config version \"broken\"", 3)), "]"), e.Message);

        var list = NetworkConfigList.Parse("""{"cniVersion":"1.1.0","name":"n","plugins":[{"type":"nope"}]}"""u8.ToArray());
        e = await Assert.ThrowsAsync<CniException>(() => _cni.ValidateNetworkListAsync(list));
        Assert.Equal("[failed to find plugin \"nope\" in path [/dir]]", e.Message);

        var single = PluginConfig.Parse("""{"name":"n","type":"noop","capabilities":{"a":true,"b":false}}"""u8.ToArray());
        _exec.Respond = _ => """{"cniVersion":"1.1.0","supportedVersions":["0.1.0"]}""";
        Assert.Equal(["a"], await _cni.ValidateNetworkAsync(single));
    }
}
