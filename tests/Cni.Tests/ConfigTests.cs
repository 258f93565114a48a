using System.Text;
using Xunit;

namespace Cni.Tests;

public class ConfigTests
{
    private static NetworkConfig Conf(string json) => NetworkConfig.Parse(Encoding.UTF8.GetBytes(json));
    private static NetworkConfigList List(string json) => NetworkConfigList.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Well_known_keys_match_case_insensitively_and_unknown_keys_are_kept()
    {
        var c = Conf("{\"CNIVersion\":\"1.0.0\",\"Name\":\"net\",\"TYPE\":\"bridge\",\"RuntimeConfig\":{\"portMappings\":[]},\"IPAM\":{\"type\":\"host-local\"},\"bridge\":\"cni0\"}");
        Assert.Equal(("1.0.0", "net", "bridge", "host-local"), (c.CniVersion, c.Name, c.Type, c.IpamType));
        Assert.NotNull(c.RuntimeConfigValue("PortMappings"));
        Assert.Equal("cni0", c.Root.GetProperty("bridge").GetString());
    }

    [Fact]
    public void Exact_case_wins_over_a_folded_match() =>
        Assert.Equal("exact", Conf("{\"NAME\":\"folded\",\"name\":\"exact\"}").Name);

    [Fact]
    public void Malformed_json_is_a_decoding_error()
    {
        var e = Assert.Throws<CniException>(() => Conf("{\"name\":"));
        Assert.Equal(CniErrorCode.DecodingFailure, e.Code);
        Assert.StartsWith("error unmarshall network config: ", e.Msg, StringComparison.Ordinal);
        Assert.Equal(CniErrorCode.DecodingFailure, Assert.Throws<CniException>(() => Conf("{\"name\":5}")).Code);
        Assert.Equal(CniErrorCode.DecodingFailure, Assert.Throws<CniException>(() => Conf("")).Code);
    }

    [Fact]
    public void Gc_attachments_are_read_from_either_key()
    {
        Assert.Equal([new Attachment("c1", "eth0")], Conf("{\"name\":\"n\",\"cni.dev/valid-attachments\":[{\"containerID\":\"c1\",\"ifname\":\"eth0\"}]}").ValidAttachments!);
        Assert.Single(Conf("{\"name\":\"n\",\"cni.dev/attachments\":[{\"containerID\":\"c1\",\"ifname\":\"eth0\"}]}").ValidAttachments!);
        Assert.Null(Conf("{\"name\":\"n\",\"cni.dev/valid-attachments\":null}").ValidAttachments);
    }

    [Fact]
    public void List_plugins_are_normalized_with_sorted_keys()
    {
        var l = List("{\"name\":\"n\",\"cniVersion\":\"1.0.0\",\"plugins\":[{\"type\":\"bridge\",\"mtu\":1400},{\"type\":\"port-forwarding\",\"ports\":{\"20.0.0.1:8080\":\"80\"}}]}");
        Assert.Equal("{\"mtu\":1400,\"type\":\"bridge\"}", Encoding.UTF8.GetString(l.Plugins[0].Bytes.Span));
        Assert.Equal("{\"ports\":{\"20.0.0.1:8080\":\"80\"},\"type\":\"port-forwarding\"}", Encoding.UTF8.GetString(l.Plugins[1].Bytes.Span));
    }

    [Theory]
    [InlineData("{\"name\":\"n\",\"plugins\":[{\"type\":\"x\"}],\"disableCheck\":\"true\"}", true)]
    [InlineData("{\"name\":\"n\",\"plugins\":[{\"type\":\"x\"}],\"disableCheck\":\"FALSE\"}", false)]
    [InlineData("{\"name\":\"n\",\"plugins\":[{\"type\":\"x\"}],\"disableCheck\":true}", true)]
    public void DisableCheck_accepts_bools_and_bool_strings(string json, bool expected) => Assert.Equal(expected, List(json).DisableCheck);

    [Theory]
    [InlineData("{\"name\":\"n\",\"plugins\":[{\"type\":\"x\"}],\"disableCheck\":\"adsfasdfasf\"}", "error parsing configuration list: invalid value \"adsfasdfasf\" for disableCheck")]
    [InlineData("{\"name\":\"n\",\"plugins\":[{\"type\":\"x\"}],\"loadOnlyInlinedPlugins\":\"sphagnum\"}", "error parsing configuration list: invalid value \"sphagnum\" for loadOnlyInlinedPlugins")]
    [InlineData("{\"name\":\"n\",\"loadOnlyInlinedPlugins\":true}", "error parsing configuration list: `loadOnlyInlinedPlugins` is true, and no 'plugins' key")]
    [InlineData("{\"plugins\":[{\"type\":\"x\"}]}", "error parsing configuration list: no name")]
    [InlineData("{\"name\":\"n\",\"plugins\":[]}", "error parsing configuration list: no plugins in list")]
    [InlineData("{\"name\":\"n\",\"plugins\":[{\"mtu\":1}]}", "failed to parse plugin config 0: error parsing configuration: missing 'type'")]
    public void List_errors_read_like_go(string json, string message) =>
        Assert.Equal(message, Assert.Throws<CniException>(() => List(json)).Msg);

    [Fact]
    public void A_list_without_plugins_parses_empty() => Assert.Empty(List("{\"name\":\"n\"}").Plugins);

    [Theory]
    [InlineData("{\"name\":\"n\",\"cniVersions\":[\"1.1.0\",\"0.4.0\",\"1.0.0\"]}", "1.1.0")]
    [InlineData("{\"name\":\"n\",\"cniVersions\":[\"99.0.0\",\"1.1.0\",\"0.4.0\",\"1.0.0\"]}", "1.1.0")]
    [InlineData("{\"name\":\"n\",\"cniVersion\":\"1.0.0\",\"cniVersions\":[\"0.1.0\",\"0.4.0\"]}", "1.0.0")]
    [InlineData("{\"name\":\"n\",\"cniVersions\":[]}", "")]
    [InlineData("{\"name\":\"n\",\"cniVersion\":\"1.2.3\"}", "1.2.3")]
    public void Version_selection_picks_the_highest_supported(string json, string expected) =>
        Assert.Equal(expected, List(json).CniVersion);

    [Fact]
    public void Version_selection_rejects_malformed_entries() =>
        Assert.Throws<CniException>(() => List("{\"name\":\"n\",\"cniVersions\":[\"1.0.f\"]}"));

    [Fact]
    public void A_single_config_up_converts_to_a_list()
    {
        var plugin = PluginConfig.Parse(Encoding.UTF8.GetBytes("{\"cniVersion\":\"0.4.0\",\"name\":\"net\",\"type\":\"bridge\",\"bridge\":\"cni0\"}"));
        var list = NetworkConfigList.FromPlugin(plugin);
        Assert.Equal(("net", "0.4.0", "bridge"), (list.Name, list.CniVersion, list.Plugins[0].Network.Type));
    }
}
