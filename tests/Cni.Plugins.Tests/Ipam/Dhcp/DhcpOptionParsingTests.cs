using System.Text;
using Cni.Plugins.Ipam.Dhcp;
using Xunit;

namespace Cni.Plugins.Tests.Ipam.Dhcp;

public sealed class DhcpOptionParsingTests
{
    private static DhcpConfig Parse(string ipam, string args = "") =>
        DhcpConfig.Parse(Encoding.UTF8.GetBytes("{\"cniVersion\":\"1.1.0\",\"name\":\"net\",\"ipam\":{\"type\":\"dhcp\"" + ipam + "}}"), args);

    private static string Routes(byte code, string hex, int priority = 0)
    {
        var options = new DhcpOptions();
        options.Set(code, Convert.FromHexString(hex));
        options.SetAddress(DhcpOptionCode.Router, System.Net.IPAddress.Parse("198.18.0.1"));
        return string.Join(" | ", DhcpRoutes.From(options, priority).Select(r => $"{r.Dst} {r.Gw} {r.Scope} {r.Priority}"));
    }

    [Fact]
    public void Classless_routes_replace_the_router_and_on_link_routes_get_scope_link()
    {
        // 198.18.90.0/24 via 198.18.0.1; 0.0.0.0/0 via 198.18.0.254; 198.18.5.7/32 on-link.
        Assert.Equal(
            "198.18.90.0/24 198.18.0.1  0 | 0.0.0.0/0 198.18.0.254  0 | 198.18.5.7/32  253 0",
            Routes(DhcpOptionCode.ClasslessStaticRoutes, "18c6125a" + "c6120001" + "00" + "c61200fe" + "20c6120507" + "00000000"));
    }

    [Theory]
    [InlineData("21c6125a00c6120001")]
    [InlineData("18c6125a" + "c61200")]
    public void Malformed_classless_routes_yield_none(string hex) =>
        Assert.Empty(DhcpRoutes.Classless(Convert.FromHexString(hex)));

    [Fact]
    public void Static_routes_take_the_class_mask_and_the_router_adds_a_default_route()
    {
        Assert.Equal(
            "10.0.0.0/8 198.18.0.2  0 | 172.16.0.0/16 198.18.0.3  0 | 198.18.7.0/24 198.18.0.4  0 | 0.0.0.0/0 198.18.0.1  0",
            Routes(DhcpOptionCode.StaticRoutes, "0a000000c6120002" + "ac100000c6120003" + "c6120700c6120004"));
    }

    [Fact]
    public void Priority_applies_to_every_route() =>
        Assert.Equal("0.0.0.0/0 198.18.0.1  100", Routes(DhcpOptionCode.StaticRoutes, "", priority: 100));

    [Fact]
    public void Missing_subnet_mask_is_an_error()
    {
        var e = Assert.Throws<CniException>(() => DhcpRoutes.Address(System.Net.IPAddress.Parse("198.18.0.9"), new DhcpOptions()));
        Assert.Equal("DHCP option Subnet Mask not found in DHCPACK", e.Msg);
    }

    [Fact]
    public void Request_list_defaults_to_router_and_subnet_mask_after_the_requested_ones()
    {
        Assert.Equal([3, 1], Parse("").Request);
        Assert.Equal([121, 3, 1], Parse(",\"request\":[{\"option\":\"classless-static-routes\"}]").Request);
        Assert.Equal([121, 12], Parse(",\"request\":[{\"option\":\"121\"},{\"option\":\"host-name\",\"skipDefault\":true}]").Request);
        Assert.Equal([1, 3], Parse(",\"request\":[{\"option\":\"subnet-mask\"}]").Request);
    }

    [Theory]
    [InlineData("nope", "Can not parse option \"nope\": Can not parse option: strconv.ParseUint: parsing \"nope\": invalid syntax")]
    [InlineData("256", "Can not parse option \"256\": Can not parse option: strconv.ParseUint: parsing \"256\": value out of range")]
    public void Unknown_option_names_are_config_errors(string name, string message)
    {
        var e = Assert.Throws<CniException>(() => Parse(",\"request\":[{\"option\":\"" + name + "\"}]"));
        Assert.Equal(CniErrorCode.InvalidNetworkConfig, e.Code);
        Assert.Equal(message, e.Msg);
    }

    [Fact]
    public void Provide_takes_values_and_cni_args_and_the_later_wins()
    {
        var conf = Parse(",\"provide\":[{\"option\":\"host-name\",\"value\":\"static\"},{\"option\":\"12\",\"fromArg\":\"K8S_POD_NAME\"}," +
                         "{\"option\":\"user-class\",\"value\":\"uc\",\"fromArg\":\"ABSENT\"}]",
            "IgnoreUnknown=1;K8S_POD_NAME=pod=a;junk");
        Assert.Equal("pod=a"u8.ToArray(), conf.Provide.Get(DhcpOptionCode.HostName));
        Assert.Equal("uc"u8.ToArray(), conf.Provide.Get(DhcpOptionCode.UserClass));
    }

    [Fact]
    public void Provide_values_over_255_bytes_are_refused()
    {
        var e = Assert.Throws<CniException>(() => Parse(",\"provide\":[{\"option\":\"host-name\",\"value\":\"" + new string('x', 256) + "\"}]"));
        Assert.StartsWith("value too long for option \"host-name\"", e.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_ipam_is_a_config_error_not_a_crash()
    {
        var e = Assert.Throws<CniException>(() => DhcpConfig.Parse("{\"name\":\"n\"}"u8, ""));
        Assert.Equal(CniErrorCode.InvalidNetworkConfig, e.Code);
    }

    [Fact]
    public void Socket_path_defaults_and_keys_are_case_insensitive()
    {
        Assert.Equal("/run/cni/dhcp.sock", Parse("").SocketPath);
        Assert.Equal("/tmp/x.sock", Parse(",\"DaemonSocketPath\":\"/tmp/x.sock\"").SocketPath);
    }

    [Fact]
    public void Client_id_is_type_zero_and_cut_to_254_bytes()
    {
        Assert.Equal([0, (byte)'c', (byte)'/', (byte)'n', (byte)'/', (byte)'e'], DhcpClientSettings.ClientIdFor("c/n/e"));
        Assert.Equal(255, DhcpClientSettings.ClientIdFor(new string('a', 400)).Length);
    }

    [Fact]
    public void Daemon_flags_parse_like_go()
    {
        var o = DaemonOptions.Parse(["-socketpath", "/tmp/d.sock", "--hostprefix=/host", "-broadcast", "-timeout", "2s",
            "-resendmax=1m30s", "-resendtimeout", "500ms", "-pidfile", "/run/d.pid"]);
        Assert.Equal("/host/tmp/d.sock", o.ListenPath);
        Assert.True(o.Broadcast);
        Assert.Equal(TimeSpan.FromSeconds(2), o.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(90), o.ResendMax);
        Assert.Equal(TimeSpan.FromMilliseconds(500), o.ResendTimeout);
        Assert.Equal("/run/d.pid", o.PidFile);
        Assert.False(DaemonOptions.Parse(["-broadcast=false"]).Broadcast);
        Assert.Throws<FormatException>(() => DaemonOptions.Parse(["-nope", "1"]));
        Assert.Throws<FormatException>(() => DaemonOptions.Parse(["-timeout", "10"]));
        Assert.Throws<FormatException>(() => DaemonOptions.Parse(["-timeout"]));
    }

    [Fact]
    public void Daemon_protocol_round_trips_requests_results_and_errors()
    {
        var request = new DaemonRequest
        {
            Method = DaemonMethods.Allocate,
            ContainerId = "c1",
            Netns = "/var/run/netns/x",
            IfName = "eth0",
            Args = "K=V",
            Config = "{\n  \"name\": \"net\",\n  \"ipam\": {\"type\": \"dhcp\"}\n}\n"u8.ToArray(),
        };
        var line = DaemonProtocol.EncodeRequest(request);
        Assert.Equal(1, line.Count(b => b == (byte)'\n'));
        Assert.Equal((byte)'\n', line[^1]);
        var back = DaemonProtocol.DecodeRequest(line.AsSpan(0, line.Length - 1));
        Assert.Equal(("allocate", "c1", "/var/run/netns/x", "eth0", "K=V"), (back.Method, back.ContainerId, back.Netns, back.IfName, back.Args));
        Assert.Equal("{\"name\":\"net\",\"ipam\":{\"type\":\"dhcp\"}}", Encoding.UTF8.GetString(back.Config.Span));

        var result = new Result { Ips = { new IPConfig { Address = CidrAddress.Parse("198.18.0.9/24") } } };
        var decoded = (Result)DaemonProtocol.DecodeResponse(DaemonProtocol.EncodeResult(result).AsSpan()[..^1])!;
        Assert.Equal("198.18.0.9/24", decoded.Ips[0].Address.ToString());
        Assert.Null(DaemonProtocol.DecodeResponse(DaemonProtocol.EncodeResult(null)));

        var e = Assert.Throws<CniException>(() => DaemonProtocol.DecodeResponse(DaemonProtocol.EncodeError(new CniException(11, "busy", "later"))));
        Assert.Equal((11u, "busy", "later"), (e.Code, e.Msg, e.Details));
    }

    [Fact]
    public void Daemon_protocol_refuses_another_version()
    {
        var e = Assert.Throws<CniException>(() => DaemonProtocol.DecodeRequest("{\"version\":2,\"config\":{}}"u8));
        Assert.Equal(CniErrorCode.IncompatibleCniVersion, e.Code);
        Assert.Equal(CniErrorCode.DecodingFailure, Assert.Throws<CniException>(() => DaemonProtocol.DecodeResponse("not json"u8)).Code);
    }
}
