using System.Text;
using System.Text.Json;
using Cni.Plugins.Meta.Flannel;
using Xunit;

namespace Cni.Plugins.Tests.Meta;

public sealed class FlannelUnitTests
{
    private static readonly string[] s_env = ["FLANNEL_NETWORK=198.18.0.0/16", "FLANNEL_SUBNET=198.18.80.1/24", "FLANNEL_MTU=1400", "FLANNEL_IPMASQ=true"];

    private static string Render(string body, params string[] env)
    {
        var json = "{\"cniVersion\":\"1.0.0\",\"name\":\"fl\",\"type\":\"flannel\"" + body + "}";
        var conf = JsonSerializer.Deserialize(json, FlannelJsonContext.Default.FlannelConfig)!;
        var net = NetworkConfig.Parse(Encoding.UTF8.GetBytes(json));
        var (type, bytes) = FlannelDelegate.Render(conf, net, SubnetEnv.Parse(env.Length == 0 ? s_env : env, "/x/subnet.env"));
        return type + " " + Encoding.UTF8.GetString(bytes);
    }

    [Fact]
    public void Default_delegate_is_a_gateway_bridge_with_host_local_over_the_node_subnet_keys_sorted_like_go()
    {
        Assert.Equal(
            "bridge {\"cniVersion\":\"1.0.0\",\"ipMasq\":false,\"ipam\":{\"ranges\":[[{\"subnet\":\"198.18.80.0/24\"}]],\"routes\":[{\"dst\":\"198.18.0.0/16\"}],\"type\":\"host-local\"},\"isGateway\":true,\"mtu\":1400,\"name\":\"fl\",\"type\":\"bridge\"}",
            Render(""));
    }

    [Fact]
    public void Overrides_ipam_routes_dual_stack_and_runtime_config()
    {
        var got = Render(
            ",\"delegate\":{\"type\":\"ptp\",\"mtu\":9000,\"ipMasq\":true,\"zz\":{\"b\":1,\"a\":2}},\"ipam\":{\"type\":\"static\",\"dataDir\":\"/d\",\"routes\":[{\"GW\":\"198.18.80.1\",\"dst\":\"198.19.0.0/16\",\"junk\":1}]},\"runtimeConfig\":{\"portMappings\":[]}",
            "FLANNEL_NETWORK=198.18.0.0/16,198.18.0.0/16", "FLANNEL_SUBNET=198.18.80.1/24", "FLANNEL_IPV6_NETWORK=fd00:80::/48", "FLANNEL_IPV6_SUBNET=fd00:80:1::1/64",
            "FLANNEL_MTU=1400", "FLANNEL_IPMASQ=false", "OTHER=x");
        Assert.Equal(
            "ptp {\"cniVersion\":\"1.0.0\",\"ipMasq\":true,\"ipam\":{\"dataDir\":\"/d\",\"ranges\":[[{\"subnet\":\"198.18.80.0/24\"}],[{\"subnet\":\"fd00:80:1::/64\"}]]," +
            "\"routes\":[{\"dst\":\"198.19.0.0/16\",\"gw\":\"198.18.80.1\"},{\"dst\":\"198.18.0.0/16\"},{\"dst\":\"fd00:80::/48\"}],\"type\":\"static\"}," +
            "\"mtu\":9000,\"name\":\"fl\",\"runtimeConfig\":{\"portMappings\":[]},\"type\":\"ptp\",\"zz\":{\"a\":2,\"b\":1}}",
            got);
    }

    [Theory]
    [InlineData(",\"delegate\":{\"type\":1}", "'delegate' dictionary, if present, must have (string) 'type' field")]
    [InlineData(",\"delegate\":{\"name\":\"x\"}", "'delegate' dictionary must not have 'name' field, it'll be set by flannel")]
    [InlineData(",\"delegate\":{\"ipam\":{}}", "'delegate' dictionary must not have 'ipam' field, it'll be set by flannel")]
    public void Bad_delegates_are_refused_with_go_messages(string body, string message) =>
        Assert.Equal(message, Assert.Throws<CniException>(() => Render(body)).Msg);

    [Theory]
    [InlineData("loadFlannelSubnetEnv failed: /x/subnet.env is missing FLANNEL_NETWORK, FLANNEL_IPV6_NETWORK, FLANNEL_MTU, FLANNEL_IPMASQ", "FLANNEL_SUBNET=198.18.80.1/24")]
    [InlineData("loadFlannelSubnetEnv failed: invalid CIDR address: 198.18.0.0", "FLANNEL_NETWORK=198.18.0.0")]
    [InlineData("loadFlannelSubnetEnv failed: strconv.ParseUint: parsing \"1400 \": invalid syntax", "FLANNEL_MTU=1400 ")]
    public void Subnet_env_errors_read_like_go(string message, params string[] lines) =>
        Assert.Equal(message, Assert.Throws<CniException>(() => SubnetEnv.Parse(lines, "/x/subnet.env")).Msg);

    [Fact]
    public void Missing_subnet_file_says_so()
    {
        var e = Assert.Throws<CniException>(() => SubnetEnv.Load("/nonexistent-cni-test/subnet.env"));
        Assert.Equal("loadFlannelSubnetEnv failed: open /nonexistent-cni-test/subnet.env: no such file or directory", e.Msg);
    }
}
