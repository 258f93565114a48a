using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Main;

/// <summary>
/// Config parsing and validation of the plugins whose link kinds this kernel lacks (dummy, ipvlan, vlan; their
/// kernel behaviour is tested by tests/vm-plugins/*.sh in the VM), plus the other interface plugins' pure-config
/// errors. Every case fails before the namespace is opened, so no root and no namespace are needed.
/// </summary>
public sealed class ConfigValidationTests
{
    private const string NoNetns = "/var/run/netns/cni-config-test-does-not-exist";

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "dummy", "\"ipam\":{}", "dummy interface requires an IPAM configuration" },
        { "dummy", "\"ipam\":5", "error unmarshall network config" },
        { "ipvlan", "\"mode\":\"l4\"", "unknown ipvlan mode: \"l4\"" },
        { "ipvlan", "\"mode\":\"L2\"", "unknown ipvlan mode: \"L2\"" },
        { "ipvlan", "\"mtu\":\"1500\"", "failed to load netconf" },
        { "ipvlan", "\"mtu\":-1", "invalid MTU -1" },
        { "vlan", "\"vlanId\":5", "\"master\" field is required. It specifies the host interface name to create the VLAN for" },
        { "vlan", "\"master\":\"eth0\",\"vlanId\":4095", "invalid VLAN ID 4095 (must be between 0 and 4095 inclusive)" },
        { "vlan", "\"master\":\"eth0\",\"vlanId\":-1", "invalid VLAN ID -1 (must be between 0 and 4095 inclusive)" },
        { "vlan", "\"Master\":\"eth0\",\"VLANID\":5000", "invalid VLAN ID 5000 (must be between 0 and 4095 inclusive)" },
        { "vlan", "\"master\":\"eth0\",\"vlanId\":\"5\"", "failed to load netconf" },
        { "macvlan", "\"mode\":\"bridgy\"", "unknown macvlan mode: \"bridgy\"" },
        { "macvlan", "\"mac\":\"not-a-mac\"", "invalid MAC address \"not-a-mac\"" },
        { "ptp", "\"ipMasq\":true,\"ipMasqBackend\":\"pf\"", "unknown ipmasq backend \"pf\"" },
        { "tap", "\"owner\":-1", "failed to load netconf" },
        { "tap", "\"mac\":\"zz\"", "invalid MAC address \"zz\"" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_config_is_refused_before_anything_is_touched(string plugin, string keys, string message)
    {
        var conf = $"{{\"cniVersion\":\"1.0.0\",\"name\":\"cfgtest\",\"type\":\"{plugin}\",{keys}}}";
        var e = CniBinary.Exec(plugin, CniBinary.Env("ADD", netns: NoNetns), conf).Error();
        Assert.StartsWith(message, e.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_match_case_insensitively_like_go()
    {
        var conf = "{\"cniVersion\":\"1.0.0\",\"name\":\"cfgtest\",\"type\":\"ipvlan\",\"MODE\":\"l3s\",\"ipam\":{}}";
        var e = CniBinary.Exec("ipvlan", CniBinary.Env("ADD", netns: NoNetns), conf).Error();
        Assert.Equal(CniErrorCode.UnknownContainer, e.Code);
    }
}
