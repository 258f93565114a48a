using System.Text;

namespace Cni.Runtime.Tests;

/// <summary>Mirrors libcni/conf_test.go.</summary>
public sealed class ConfigFilesTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Conf = """{"cniVersion":"0.2.0","name":"some-plugin","type":"foobar","some":"stuff"}""";

    [Fact]
    public void LoadPluginConfig_finds_a_conf_by_name_with_the_file_bytes()
    {
        _dir.Write("50-whatever.conf", Conf);
        var conf = ConfigFiles.LoadPluginConfig(_dir.Path, "some-plugin");
        Assert.Equal(Conf, Encoding.UTF8.GetString(conf.Bytes.Span));
        Assert.Equal("foobar", conf.Network.Type);
    }

    [Fact]
    public void LoadPluginConfig_reads_json_files_too()
    {
        _dir.Write("50-whatever.json", Conf);
        Assert.Equal("foobar", ConfigFiles.LoadPluginConfig(_dir.Path, "some-plugin").Network.Type);
    }

    [Fact]
    public void Missing_directory_is_NoConfigsFound()
    {
        var e = Assert.Throws<NoConfigsFoundException>(() => ConfigFiles.LoadNetworkConfig(_dir.Join("nope"), "x"));
        Assert.Equal($"no net configurations found in {_dir.Join("nope")}", e.Message);
        Assert.Throws<NoConfigsFoundException>(() => ConfigFiles.LoadPluginConfig(_dir.Join("nope"), "x"));
    }

    [Fact]
    public void Unknown_name_is_NotFound()
    {
        _dir.Write("50-whatever.conf", Conf);
        var e = Assert.Throws<ConfigNotFoundException>(() => ConfigFiles.LoadPluginConfig(_dir.Path, "some-other-plugin"));
        Assert.Equal($"no net configuration with name \"some-other-plugin\" in {_dir.Path}", e.Message);
        Assert.Equal("some-other-plugin", e.Name);
    }

    [Fact]
    public void Malformed_file_aborts_with_Go_message_and_names_the_file()
    {
        _dir.Write("00-bad.conf", """{"name":"x" """);
        _dir.Write("50-whatever.conf", Conf);
        var e = Assert.Throws<ConfigFileException>(() => ConfigFiles.LoadPluginConfig(_dir.Path, "some-plugin"));
        Assert.StartsWith("error parsing configuration: ", e.Msg);
        Assert.EndsWith("00-bad.conf", e.FilePath);
        Assert.Contains("00-bad.conf", e.Message);
    }

    [Fact]
    public void Nested_subdirectories_are_not_searched()
    {
        _dir.Write("subdir1/subdir2/90-nested.conf", Conf);
        Assert.Throws<NoConfigsFoundException>(() => ConfigFiles.LoadPluginConfig(_dir.Path, "some-plugin"));
        Assert.Throws<NoConfigsFoundException>(() => ConfigFiles.LoadNetworkConfig(_dir.Path, "some-plugin"));
    }

    [Fact]
    public void Unreadable_file_is_an_error_reading_it()
    {
        var e = Assert.Throws<CniException>(() => ConfigFiles.LoadPluginConfigFile("/tmp/nope/not-here"));
        Assert.Equal("error reading /tmp/nope/not-here: open /tmp/nope/not-here: no such file or directory", e.Message);
        e = Assert.Throws<CniException>(() => ConfigFiles.LoadNetworkConfigFile("/tmp/nope/not-here"));
        Assert.StartsWith("error reading /tmp/nope/not-here: open /tmp/nope/not-here", e.Message);
    }

    [Fact]
    public void Missing_type_is_rejected()
    {
        var path = _dir.Write("x.conf", """{"name":"x","cniVersion":"0.4.0"}""");
        var e = Assert.Throws<ConfigFileException>(() => ConfigFiles.LoadPluginConfigFile(path));
        Assert.Equal("error parsing configuration: missing 'type'", e.Msg);
    }

    [Fact]
    public void Conflist_is_found_and_plugin_bytes_are_normalized()
    {
        var list = """
            {
              "cniVersion": "0.2.0",
              "name": "some-list",
              "plugins": [
                { "type": "host-local", "subnet": "10.0.0.1/24" },
                { "type": "bridge", "mtu": 1400 },
                { "type": "port-forwarding", "ports": {"20.0.0.1:8080": "80"} }
              ]
            }
            """;
        _dir.Write("50-whatever.conflist", list);
        var conf = ConfigFiles.LoadNetworkConfig(_dir.Path, "some-list");
        Assert.Equal(list, Encoding.UTF8.GetString(conf.Bytes.Span));
        Assert.Equal(
            ["""{"subnet":"10.0.0.1/24","type":"host-local"}""", """{"mtu":1400,"type":"bridge"}""", """{"ports":{"20.0.0.1:8080":"80"},"type":"port-forwarding"}"""],
            conf.Plugins.Select(p => Encoding.UTF8.GetString(p.Bytes.Span)));
    }

    [Fact]
    public void Conflist_wins_over_a_conf_of_the_same_name_and_conf_is_the_fallback()
    {
        var listPath = _dir.Write("50-list.conflist", """{"cniVersion":"0.4.0","name":"net","plugins":[{"type":"from-list"}]}""");
        _dir.Write("10-single.conf", """{"cniVersion":"0.4.0","name":"net","type":"from-conf"}""");
        Assert.Equal("from-list", ConfigFiles.LoadNetworkConfig(_dir.Path, "net").Plugins[0].Network.Type);
        File.Delete(listPath);
        var upconverted = ConfigFiles.LoadNetworkConfig(_dir.Path, "net");
        Assert.Equal("from-conf", upconverted.Plugins[0].Network.Type);
        Assert.Equal("0.4.0", upconverted.CniVersion);
    }

    [Fact]
    public void Conflists_without_the_name_and_no_confs_is_NotFound()
    {
        _dir.Write("50-list.conflist", """{"cniVersion":"0.4.0","name":"other","plugins":[{"type":"x"}]}""");
        Assert.Throws<ConfigNotFoundException>(() => ConfigFiles.LoadNetworkConfig(_dir.Path, "net"));
    }

    [Fact]
    public void A_broken_conflist_of_another_network_aborts_the_lookup()
    {
        _dir.Write("00-broken.conflist", "{");
        _dir.Write("50-list.conflist", """{"cniVersion":"0.4.0","name":"net","plugins":[{"type":"x"}]}""");
        var e = Assert.Throws<ConfigFileException>(() => ConfigFiles.LoadNetworkConfig(_dir.Path, "net"));
        Assert.StartsWith("error parsing configuration list: ", e.Msg);
        Assert.EndsWith("00-broken.conflist", e.FilePath);
    }

    [Fact]
    public void Bad_disableCheck_string_is_rejected()
    {
        _dir.Write("50-list.conflist", """{"cniVersion":"0.4.0","name":"net","disableCheck":"adsfasdfasf","plugins":[{"type":"x"}]}""");
        var e = Assert.Throws<ConfigFileException>(() => ConfigFiles.LoadNetworkConfig(_dir.Path, "net"));
        Assert.Equal("error parsing configuration list: invalid value \"adsfasdfasf\" for disableCheck", e.Msg);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("\"false\"", false)]
    [InlineData("\"TRUE\"", true)]
    public void DisableCheck_accepts_bools_and_bool_strings(string value, bool expected)
    {
        _dir.Write("50-list.conflist", $$"""{"cniVersion":"0.4.0","name":"net","disableCheck":{{value}},"plugins":[{"type":"x"}]}""");
        Assert.Equal(expected, ConfigFiles.LoadNetworkConfig(_dir.Path, "net").DisableCheck);
    }

    [Fact]
    public void Without_plugins_key_the_subdirectory_supplies_the_plugins()
    {
        _dir.Write("50-list.conflist", """{"cniVersion":"1.0.0","name":"net"}""");
        var fragment = """{"type":"host-local", "subnet":"10.0.0.0/24"}""";
        _dir.Write("net/10-ipam.conf", fragment);
        _dir.Write("net/20-ignored.json", """{"type":"ignored"}""");
        var list = ConfigFiles.LoadNetworkConfig(_dir.Path, "net");
        var plugin = Assert.Single(list.Plugins);
        Assert.Equal("host-local", plugin.Network.Type);
        Assert.Equal(fragment, Encoding.UTF8.GetString(plugin.Bytes.Span));
    }

    [Fact]
    public void Without_plugins_and_without_subdirectory_there_are_no_plugin_configs()
    {
        _dir.Write("50-list.conflist", """{"cniVersion":"1.0.0","name":"net"}""");
        var e = Assert.Throws<ConfigFileException>(() => ConfigFiles.LoadNetworkConfig(_dir.Path, "net"));
        Assert.Equal("no plugin configs found", e.Msg);
    }

    [Fact]
    public void Inline_and_subdirectory_plugins_are_merged_in_that_order()
    {
        _dir.Write("50-list.conflist", """{"cniVersion":"1.0.0","name":"net","plugins":[{"type":"bridge"}]}""");
        _dir.Write("net/10-ipam.conf", """{"type":"host-local"}""");
        Assert.Equal(["bridge", "host-local"], ConfigFiles.LoadNetworkConfig(_dir.Path, "net").Plugins.Select(p => p.Network.Type));
    }

    [Fact]
    public void Inline_plugins_with_an_empty_subdirectory_load()
    {
        _dir.Write("50-list.conflist", """{"cniVersion":"1.0.0","name":"net","plugins":[{"type":"bridge"}]}""");
        Directory.CreateDirectory(_dir.Join("net"));
        Assert.Single(ConfigFiles.LoadNetworkConfig(_dir.Path, "net").Plugins);
    }

    [Fact]
    public void LoadOnlyInlinedPlugins_ignores_the_subdirectory()
    {
        _dir.Write("50-list.conflist", """{"cniVersion":"1.0.0","name":"net","loadOnlyInlinedPlugins":true,"plugins":[{"type":"bridge"}]}""");
        _dir.Write("net/10-ipam.conf", """{"type":"host-local"}""");
        var list = ConfigFiles.LoadNetworkConfig(_dir.Path, "net");
        Assert.True(list.LoadOnlyInlinedPlugins);
        Assert.Equal(["bridge"], list.Plugins.Select(p => p.Network.Type));
    }

    [Fact]
    public void A_broken_fragment_names_its_file()
    {
        _dir.Write("50-list.conflist", """{"cniVersion":"1.0.0","name":"net","plugins":[{"type":"bridge"}]}""");
        _dir.Write("net/10-ipam.conf", """{"subnet":"x"}""");
        var e = Assert.Throws<ConfigFileException>(() => ConfigFiles.LoadNetworkConfig(_dir.Path, "net"));
        Assert.Equal("error parsing configuration: missing 'type'", e.Msg);
        Assert.EndsWith("net/10-ipam.conf", e.FilePath);
    }

    [Fact]
    public void Find_is_sorted_by_byte_order_and_matches_extensions_exactly()
    {
        _dir.Write("b.conf", "{}");
        _dir.Write("B.conf", "{}");
        _dir.Write("a.CONF", "{}");
        _dir.Write("a.conf.bak", "{}");
        Directory.CreateDirectory(_dir.Join("dir.conf"));
        Assert.Equal(["B.conf", "b.conf"], ConfigFiles.Find(_dir.Path, ".conf").Select(Path.GetFileName));
    }

    [Fact]
    public void LoadAll_lists_each_network_once_and_reports_broken_files()
    {
        _dir.Write("10-a.conflist", """{"cniVersion":"1.0.0","name":"a","plugins":[{"type":"bridge"}]}""");
        _dir.Write("20-a.conf", """{"cniVersion":"1.0.0","name":"a","type":"ptp"}""");
        _dir.Write("30-b.conf", """{"cniVersion":"1.0.0","name":"b","type":"ptp"}""");
        _dir.Write("40-c.conf", "{");
        var broken = new List<string>();
        var all = ConfigFiles.LoadAll(_dir.Path, (file, _) => broken.Add(Path.GetFileName(file)));
        Assert.Equal(["a", "b"], all.Select(l => l.Name));
        Assert.Equal("bridge", all[0].Plugins[0].Network.Type);
        Assert.Equal(["40-c.conf"], broken);
    }
}
