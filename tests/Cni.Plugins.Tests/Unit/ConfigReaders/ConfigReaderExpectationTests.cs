using System.Text;
using System.Text.Json;
using Cni.Plugins.Ipam.HostLocal;
using Cni.Plugins.Main.Bridge;
using Xunit;

namespace Cni.Plugins.Tests.Unit.ConfigReaders;

/// <summary>The readers' behaviour spelled out on a few inputs (the differential tests cover the rest).</summary>
public class ConfigReaderExpectationTests
{
    [Theory]
    [InlineData("{\"mtu\":\"x\"}", "The JSON value could not be converted to Cni.Plugins.Main.Bridge.BridgeConfig. Path: $.mtu | LineNumber: 0 | BytePositionInLine: 10.")]
    [InlineData("{\"MTU\":2147483648}", "The JSON value could not be converted to Cni.Plugins.Main.Bridge.BridgeConfig. Path: $.MTU | LineNumber: 0 | BytePositionInLine: 17.")]
    [InlineData("{\n  \"vlanTrunk\": [{\"id\": 1.5}]\n}", "The JSON value could not be converted to Cni.Plugins.Main.Bridge.BridgeTrunk. Path: $.vlanTrunk[0].id | LineNumber: 1 | BytePositionInLine: 26.")]
    [InlineData("{\"vlanTrunk\":{}}", "The JSON value could not be converted to System.Collections.Generic.List`1[Cni.Plugins.Main.Bridge.BridgeTrunk]. Path: $.vlanTrunk | LineNumber: 0 | BytePositionInLine: 14.")]
    // "bridge" is set after the other keys, so a later bad key fails first and its own error points at the object's end.
    [InlineData("{\"bridge\":5,\"mtu\":\"x\"}", "The JSON value could not be converted to Cni.Plugins.Main.Bridge.BridgeConfig. Path: $.mtu | LineNumber: 0 | BytePositionInLine: 21.")]
    [InlineData("{\"bridge\":5,\"mtu\":1}", "The JSON value could not be converted to System.String. Path: $.bridge | LineNumber: 0 | BytePositionInLine: 20.")]
    [InlineData("{\"isGateway\":null}", "The JSON value could not be converted to Cni.Plugins.Main.Bridge.BridgeConfig. Path: $.isGateway | LineNumber: 0 | BytePositionInLine: 17.")]
    public void Bridge_errors_are_the_serializers(string json, string message)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.Equal(message, Assert.Throws<JsonException>(() => BridgeConfigReader.Read(bytes)).Message);
        Assert.Equal(message, Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(bytes, OldBridgeJsonContext.Default.BridgeConfig)).Message);
    }

    [Fact]
    public void Bridge_keys_match_in_any_case_and_the_last_one_wins()
    {
        var conf = BridgeConfigReader.Read("{\"Bridge\":\"a\",\"MTU\":1400,\"mtu\":1500,\"BRIDGE\":\"b\",\"ipmasq\":true,\"bridge\":null}"u8);
        Assert.Null(conf.BrName);
        Assert.Equal(1500, conf.Mtu);
        Assert.True(conf.IpMasq);
        Assert.Equal("cni0", BridgeConfigReader.Read("{}"u8).BrName);
    }

    [Fact]
    public void HostLocal_reads_every_nested_section()
    {
        var net = HostLocalJsonReader.Read("""
            {"name":"n","cniVersion":"1.0.0","ipam":{"Ranges":[[{"subnet":"198.18.1.0/24","gateway":"198.18.1.1"}],null],
             "routes":[{"dst":"0.0.0.0/0","table":7},null],"dataDir":"/d"},
             "runtimeConfig":{"ipRanges":[[{"subnet":"198.18.2.0/24"}]],"IPS":["198.18.2.5",null]},
             "args":{"cni":{"ips":["198.18.1.9"]}}}
            """u8);
        Assert.Equal("198.18.1.1", net.Ipam!.Ranges![0]![0]!.Gateway);
        Assert.Null(net.Ipam.Ranges[1]);
        Assert.Equal(7, net.Ipam.Routes![0]!.Table);
        Assert.Equal("198.18.2.0/24", net.RuntimeConfig!.IpRanges![0]![0]!.Subnet);
        Assert.Equal(["198.18.2.5", null], net.RuntimeConfig.Ips!);
        Assert.Equal(["198.18.1.9"], net.Args!.Cni!.Ips!);
    }

    [Fact]
    public void HostLocal_errors_are_the_serializers() =>
        Assert.Equal(
            "The JSON value could not be converted to System.String. Path: $.args.cni.ips[1] | LineNumber: 0 | BytePositionInLine: 28.",
            Assert.Throws<JsonException>(() => HostLocalJsonReader.Read("{\"args\":{\"cni\":{\"ips\":[\"a\",5]}}}"u8)).Message);

    [Fact]
    public void A_null_config_fails_as_before() =>
        Assert.Equal("null config", Assert.Throws<JsonException>(() => BridgeConfigReader.Read("null"u8)).Message);
}
