namespace Cni.Runtime.Tests;

/// <summary>Mirrors the ADD cases of libcni/api_test.go.</summary>
public sealed class CniConfigAddTests : IDisposable
{
    private readonly TempDir _cache = new();
    private readonly FakeExecutor _exec = new() { Respond = Fixtures.NoopChain };
    private readonly CniConfig _cni;

    public CniConfigAddTests()
    {
        _cni = new CniConfig(["/dir/one", "/dir/two"], _cache.Path, _exec);
    }

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task AddNetworkList_runs_every_plugin_in_order_and_chains_results()
    {
        var result = await _cni.AddNetworkListAsync(Fixtures.List(), Fixtures.Rt());

        Assert.Equal(["ADD", "ADD", "ADD"], _exec.Calls.Select(c => c.Command));
        var json = CniResults.ToJson(result!, indented: false);
        Assert.Equal("""{"cniVersion":"1.1.0","dns":{"nameservers":["1.2.3.4"]},"interfaces":[{"name":"eth0","sandbox":"/some/netns/path"}],"ips":[{"address":"10.1.2.3/24","interface":0}]}""", json);
    }

    [Fact]
    public async Task Each_plugin_gets_name_version_its_own_capabilities_and_the_previous_result()
    {
        await _cni.AddNetworkListAsync(Fixtures.List(), Fixtures.Rt());

        Assert.Equal(
            """{"capabilities":{"disabled":false,"otherCapability":true,"portMappings":true},"cniVersion":"1.1.0","debug":"p0","name":"some-list","runtimeConfig":{"otherCapability":33,"portMappings":[{"containerPort":80,"hostPort":8080,"protocol":"tcp"}]},"type":"noop"}""",
            _exec.Calls[0].Stdin);
        Assert.Equal(
            """{"capabilities":{"otherCapability":true},"cniVersion":"1.1.0","debug":"p1","name":"some-list","prevResult":""" + Fixtures.IpResult + ""","runtimeConfig":{"otherCapability":33},"type":"noop"}""",
            _exec.Calls[1].Stdin);
        Assert.Equal(
            """{"cniVersion":"1.1.0","debug":"p2","name":"some-list","prevResult":""" + Fixtures.IpResult + ""","type":"noop"}""",
            _exec.Calls[2].Stdin);
    }

    [Fact]
    public async Task Environment_is_inherited_with_the_six_CNI_variables_set()
    {
        Environment.SetEnvironmentVariable("CNI_RUNTIME_TESTS_MARKER", "inherited");
        await _cni.AddNetworkListAsync(Fixtures.List(), Fixtures.Rt());
        var env = _exec.Calls[0].Env;
        Assert.Equal("ADD", env["CNI_COMMAND"]);
        Assert.Equal("some-container-id", env["CNI_CONTAINERID"]);
        Assert.Equal("/some/netns/path", env["CNI_NETNS"]);
        Assert.Equal("FOO=BAR", env["CNI_ARGS"]);
        Assert.Equal("some-eth0", env["CNI_IFNAME"]);
        Assert.Equal("/dir/one:/dir/two", env["CNI_PATH"]);
        Assert.Equal("inherited", env["CNI_RUNTIME_TESTS_MARKER"]);
    }

    [Fact]
    public async Task The_final_result_and_the_list_bytes_are_cached()
    {
        var list = Fixtures.List();
        var rt = Fixtures.Rt();
        var result = await _cni.AddNetworkListAsync(list, rt);

        var cached = _cni.GetNetworkListCachedResult(list, rt);
        Assert.Equal(CniResults.ToJson(result!), CniResults.ToJson(cached!));
        var config = _cni.GetNetworkListCachedConfig(list, rt with { Args = null, CapabilityArgs = null })!;
        Assert.Equal(Fixtures.Text(list.Bytes), Fixtures.Text(config.Config));
        Assert.Equal(rt.Args, config.RuntimeConf.Args);
        Assert.Equal(rt.CapabilityArgs!.Keys.Order(), config.RuntimeConf.CapabilityArgs!.Keys.Order());
        var attachment = Assert.Single(_cni.GetCachedAttachments());
        Assert.Equal(("some-container-id", "some-list", "some-eth0", "/some/netns/path"),
            (attachment.ContainerId, attachment.Network, attachment.IfName, attachment.NetNS));
        Assert.Single(_cni.GetCachedAttachments("some-container-id"));
        Assert.Empty(_cni.GetCachedAttachments("other"));
    }

    [Fact]
    public async Task A_missing_plugin_fails_with_the_find_error_wrapped()
    {
        _exec.Plugins.Clear();
        var e = await Assert.ThrowsAsync<PluginFailedException>(() => _cni.AddNetworkListAsync(Fixtures.List(), Fixtures.Rt()));
        Assert.Equal("plugin type=\"noop\" failed (add): failed to find plugin \"noop\" in path [/dir/one /dir/two]", e.Message);
    }

    [Fact]
    public async Task A_failing_plugin_keeps_its_code_and_nothing_is_cached()
    {
        _exec.Respond = call => call.Stdin.Contains("\"p1\"")
            ? throw new CniException(CniErrorCode.TryAgainLater, "plugin error: banana")
            : Fixtures.NoopChain(call);
        var e = await Assert.ThrowsAsync<PluginFailedException>(() => _cni.AddNetworkListAsync(Fixtures.List(), Fixtures.Rt()));
        Assert.Equal("plugin type=\"noop\" failed (add): plugin error: banana", e.Message);
        Assert.Equal(CniErrorCode.TryAgainLater, e.Code);
        Assert.Equal("plugin error: banana", e.PluginError.Message);
        Assert.Equal(2, _exec.Calls.Count);
        Assert.False(Directory.Exists(Path.Join(_cache.Path, "results")));
    }

    [Fact]
    public async Task The_plugin_name_appears_in_the_wrapper_when_the_plugin_has_one()
    {
        _exec.Respond = _ => throw new CniException(7, "bad");
        var list = NetworkConfigList.Parse("""{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"noop","name":"inner"}]}"""u8.ToArray());
        var e = await Assert.ThrowsAsync<PluginFailedException>(() => _cni.AddNetworkListAsync(list, Fixtures.Rt()));
        Assert.Equal("plugin type=\"noop\" name=\"inner\" failed (add): bad", e.Message);
    }

    [Theory]
    [InlineData("some-%%container-id", "some-eth0", 4u, "invalid characters in containerID; some-%%container-id")]
    [InlineData("", "some-eth0", 3u, "missing containerID")]
    [InlineData("id", "", 4u, "interface name is empty")]
    [InlineData("id", "0123456789abcdef", 4u, "interface name is too long; interface name should be less than 16 characters")]
    [InlineData("id", ".", 4u, "interface name is . or ..")]
    [InlineData("id", "..", 4u, "interface name is . or ..")]
    [InlineData("id", "test/test", 4u, "interface name contains / or : or whitespace characters")]
    [InlineData("id", "test:test", 4u, "interface name contains / or : or whitespace characters")]
    [InlineData("id", "test test", 4u, "interface name contains / or : or whitespace characters")]
    public async Task Invalid_identifiers_fail_before_any_plugin_runs(string containerId, string ifName, uint code, string message)
    {
        var e = await Assert.ThrowsAsync<PluginFailedException>(() => _cni.AddNetworkListAsync(Fixtures.List(), Fixtures.Rt(containerId, ifName)));
        Assert.Equal("plugin type=\"noop\" failed (add): " + message, e.Message);
        Assert.Equal(code, e.Code);
        Assert.Empty(_exec.Calls);
    }

    [Fact]
    public async Task An_invalid_network_name_is_code_7()
    {
        var list = NetworkConfigList.Parse("""{"cniVersion":"1.0.0","name":"invalid-%%-name","plugins":[{"type":"noop"}]}"""u8.ToArray());
        var e = await Assert.ThrowsAsync<PluginFailedException>(() => _cni.AddNetworkListAsync(list, Fixtures.Rt()));
        Assert.Equal(7u, e.Code);
        Assert.Equal("invalid characters found in network name", e.PluginError.Msg);
        Assert.Equal("invalid-%%-name", e.PluginError.Details);
    }

    [Fact]
    public async Task An_unusable_cache_directory_fails_the_ADD()
    {
        File.WriteAllText(Path.Join(_cache.Path, "results"), "a file, not a directory");
        var e = await Assert.ThrowsAsync<CniException>(() => _cni.AddNetworkListAsync(Fixtures.List(), Fixtures.Rt()));
        Assert.StartsWith("failed to set network \"some-list\" cached result: ", e.Message);
    }

    [Theory]
    [InlineData("""{"ips":[{"version":"4","address":"10.0.0.2/24"}]}""", "0.3.1", "0.3.1")]
    [InlineData("""{"cniVersion":"","ips":[{"version":"4","address":"10.0.0.2/24"}]}""", "0.3.1", "0.3.1")]
    [InlineData("""{"ip4":{"ip":"10.0.0.2/24"}}""", "", "0.1.0")]
    [InlineData("""{"cniVersion":"1.0.0","ips":[{"address":"10.0.0.2/24"}]}""", "0.4.0", "1.0.0")]
    public async Task A_result_without_a_version_takes_the_config_version_and_is_not_converted(string output, string configVersion, string expected)
    {
        _exec.Respond = _ => output;
        var list = NetworkConfigList.Parse(System.Text.Encoding.UTF8.GetBytes($$"""{"cniVersion":"{{configVersion}}","name":"n","plugins":[{"type":"noop"}]}"""));
        var result = await _cni.AddNetworkListAsync(list, Fixtures.Rt());
        Assert.Equal(expected, result!.CniVersion);
    }

    [Theory]
    [InlineData("", "failed to unmarshal raw result: ")]
    [InlineData("garbage", "failed to unmarshal raw result: ")]
    [InlineData("[1]", "failed to unmarshal raw result: json: cannot unmarshal array into Go value of type map[string]interface {}")]
    [InlineData("""{"cniVersion":"0.4567.0"}""", "unsupported CNI result version \"0.4567.0\"")]
    public async Task Unusable_output_fails_the_ADD(string output, string message)
    {
        _exec.Respond = _ => output;
        var list = NetworkConfigList.Parse("""{"cniVersion":"1.0.0","name":"n","plugins":[{"type":"noop"}]}"""u8.ToArray());
        var e = await Assert.ThrowsAsync<PluginFailedException>(() => _cni.AddNetworkListAsync(list, Fixtures.Rt()));
        Assert.StartsWith(message, e.PluginError.Message);
    }

    [Fact]
    public async Task Single_AddNetwork_caches_the_plugin_bytes_and_does_not_wrap_errors()
    {
        var net = PluginConfig.Parse("""{"cniVersion":"1.0.0","name":"apitest","type":"noop","capabilities":{"portMappings":true}}"""u8.ToArray());
        _exec.Respond = _ => """{"cniVersion":"1.0.0","ips":[{"address":"10.1.2.3/24"}]}""";
        var rt = Fixtures.Rt();
        await _cni.AddNetworkAsync(net, rt);
        Assert.Contains("\"runtimeConfig\":{\"portMappings\":", _exec.Calls[0].Stdin);
        Assert.Equal(Fixtures.Text(net.Bytes), Fixtures.Text(_cni.GetNetworkCachedConfig(net, rt)!.Config));

        _exec.Respond = _ => throw new CniException(999, "plugin error: banana");
        var e = await Assert.ThrowsAsync<CniException>(() => _cni.AddNetworkAsync(net, rt));
        Assert.Equal("plugin error: banana", e.Message);
    }

    [Fact]
    public async Task A_list_without_plugins_returns_null_and_still_caches()
    {
        var list = new NetworkConfigList { Name = "empty", CniVersion = "1.0.0", Plugins = [], Bytes = "{}"u8.ToArray() };
        Assert.Null(await _cni.AddNetworkListAsync(list, Fixtures.Rt()));
        Assert.Single(_cni.GetCachedAttachments());
    }
}
