using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Ipam;

/// <summary>static through the real binary: result shapes, CNI_ARGS, args and runtimeConfig precedence, errors like Go's.</summary>
[Trait("Category", "Integration")]
public class StaticTests
{
    private static string Conf(string ipam, string version = "1.1.0", string extra = "") =>
        $"{{\"cniVersion\":\"{version}\",\"name\":\"st\",\"type\":\"bridge\"{extra},\"ipam\":{{\"type\":\"static\"{ipam}}}}}";

    private const string Dual = ",\"addresses\":[{\"address\":\"198.18.0.10/24\",\"gateway\":\"198.18.0.1\"},{\"address\":\"fd00:50::10/64\"}]," +
                                "\"routes\":[{\"dst\":\"0.0.0.0/0\"}],\"dns\":{\"nameservers\":[\"198.18.0.53\"],\"domain\":\"example.test\"}";

    public static TheoryData<string> Versions() => new(SpecVersions.All);

    [Theory]
    [MemberData(nameof(Versions))]
    public void Add_and_del_in_every_version(string version)
    {
        Root.Require();
        bool legacy = version is "0.1.0" or "0.2.0";
        var conf = Conf(legacy ? Dual.Replace(",{\"address\":\"fd00:50::10/64\"}", "", StringComparison.Ordinal) : Dual, version);
        var r = IpamFixture.Json(IpamFixture.Ours("ADD", conf, plugin: "static").Ok().Stdout);
        Assert.Equal(version, r.GetProperty("cniVersion").GetString());
        if (legacy)
        {
            Assert.Equal("198.18.0.10/24", r.GetProperty("ip4").GetProperty("ip").GetString());
            Assert.Equal("198.18.0.1", r.GetProperty("ip4").GetProperty("gateway").GetString());
        }
        else
        {
            Assert.Equal(2, r.GetProperty("ips").GetArrayLength());
            Assert.Equal("fd00:50::10/64", r.GetProperty("ips")[1].GetProperty("address").GetString());
            Assert.False(r.GetProperty("ips")[1].TryGetProperty("gateway", out _));
        }
        Assert.Equal("example.test", r.GetProperty("dns").GetProperty("domain").GetString());
        IpamFixture.Ours("DEL", conf, plugin: "static").Ok();
    }

    [Fact]
    public void Cni_args_append_and_args_then_runtime_config_replace()
    {
        Root.Require();
        var conf = Conf(",\"addresses\":[{\"address\":\"198.18.0.10/24\"}]");
        var r = IpamFixture.Json(IpamFixture.Ours("ADD", conf, plugin: "static", args: "IP=198.18.1.5/24,fd00:51::5/64;GATEWAY=198.18.1.1,fd00:51::1").Ok().Stdout);
        Assert.Equal(["198.18.0.10/24|", "198.18.1.5/24|198.18.1.1", "fd00:51::5/64|fd00:51::1"],
            r.GetProperty("ips").EnumerateArray().Select(i => i.GetProperty("address").GetString() + "|" + (i.TryGetProperty("gateway", out var g) ? g.GetString() : "")));
        var withArgs = Conf(",\"addresses\":[{\"address\":\"198.18.0.10/24\"}]", extra: ",\"args\":{\"cni\":{\"ips\":[\"198.18.2.2/24\"]}}");
        Assert.Equal("198.18.2.2/24", IpamFixture.FirstAddress(IpamFixture.Ours("ADD", withArgs, plugin: "static").Ok().Stdout));
        var both = Conf("", extra: ",\"args\":{\"cni\":{\"ips\":[\"198.18.2.2/24\"]}},\"runtimeConfig\":{\"ips\":[\"198.18.3.3/24\"]}");
        Assert.Equal("198.18.3.3/24", IpamFixture.FirstAddress(IpamFixture.Ours("ADD", both, plugin: "static").Ok().Stdout));
    }

    public static TheoryData<string, string?, string> Errors() => new()
    {
        { Conf(",\"addresses\":[{\"address\":\"198.18.0.10\"}]"), null, "the 'address' field is expected to be in CIDR notation, got: '198.18.0.10'" },
        { Conf(""), "IP=198.18.0.10", "the 'ip' field is expected to be in CIDR notation, got: '198.18.0.10'" },
        { Conf("", extra: ",\"args\":{\"cni\":{\"ips\":[\"198.18.0.10\"]}}"), null, "an entry in the 'ips' field is NOT in CIDR notation, got: '198.18.0.10'" },
        { Conf("", extra: ",\"runtimeConfig\":{\"ips\":[\"bad\"]}"), null, "an entry in the 'ips' field is NOT in CIDR notation, got: 'bad'" },
        { Conf(""), "IP=198.18.0.10/24;GATEWAY=x", "invalid gateway address: x" },
        { Conf(",\"addresses\":[{\"address\":\"198.18.0.10/24\"},{\"address\":\"198.18.1.10/24\"}]", "0.2.0"), null, "CNI version 0.2.0 does not support more than 1 address per family" },
        { "{\"cniVersion\":\"1.0.0\",\"name\":\"st\",\"runtimeConfig\":{\"ips\":[\"198.18.0.1/24\"]}}", null, "IPAM config missing 'ipam' key" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Invalid_input_gets_gos_message_and_code_7(string conf, string? args, string msg)
    {
        Root.Require();
        var e = IpamFixture.Ours("ADD", conf, plugin: "static", args: args).Error();
        Assert.Equal((CniErrorCode.InvalidNetworkConfig, msg), (e.Code, e.Msg));
    }

    [Fact]
    public void Check_compares_gateways_with_prev_result()
    {
        Root.Require();
        var prev = ",\"prevResult\":{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"198.18.0.10/24\",\"gateway\":\"198.18.0.9\"}]}";
        var e = IpamFixture.Ours("CHECK", Conf(",\"addresses\":[{\"address\":\"198.18.0.10/24\",\"gateway\":\"198.18.0.1\"}]", "1.0.0", prev), plugin: "static").Error();
        Assert.Equal("static: Failed to match addr 198.18.0.10 on interface eth0", e.Msg);
        IpamFixture.Ours("CHECK", Conf(",\"addresses\":[{\"address\":\"198.18.0.10/24\",\"gateway\":\"198.18.0.9\"}]", "1.0.0", prev), plugin: "static").Ok();
        Assert.Equal("Required prevResult missing", IpamFixture.Ours("CHECK", Conf("", "1.0.0"), plugin: "static").Error().Msg);
    }

    [Fact]
    public void Same_result_as_gos_static()
    {
        Root.Require();
        var conf = Conf(Dual, "0.4.0");
        var ours = IpamFixture.Json(IpamFixture.Ours("ADD", conf, plugin: "static").Ok().Stdout);
        var go = IpamFixture.Json(IpamFixture.Go("ADD", conf, plugin: "static").Ok().Stdout);
        Assert.Equal(go.GetProperty("ips").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal),
                     ours.GetProperty("ips").GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
    }
}
