using System.Net;
using System.Text;
using Xunit;

namespace Cni.Tests;

public class ResultTests
{
    private static Result Sample110() => new()
    {
        CniVersion = "1.1.0",
        Interfaces =
        {
            new Interface { Name = "eth0", Mac = "00:11:22:33:44:55", Mtu = 1500, Sandbox = "/proc/3553/ns/net", PciId = "0000:00:1f.6", SocketPath = "/path/to/vhost/fd" },
        },
        Ips =
        {
            new IPConfig { Interface = 0, Address = CidrAddress.Parse("198.18.0.2/24"), Gateway = IPAddress.Parse("198.18.0.1") },
            new IPConfig { Interface = 0, Address = CidrAddress.Parse("fd00:1::2/64"), Gateway = IPAddress.Parse("fd00:1::1") },
        },
        Routes =
        {
            new Route { Dst = CidrAddress.Parse("0.0.0.0/0"), Gw = IPAddress.Parse("198.18.0.1"), Mtu = 1400, AdvMss = 1340, Priority = 100, Table = 50, Scope = 253 },
            new Route { Dst = CidrAddress.Parse("::/0") },
        },
        Dns = new Dns { Nameservers = ["198.18.0.1"], Domain = "example.com", Search = ["a.example.com"], Options = ["ndots:2"] },
    };

    private static string Json(ICniResult r) => CniResults.ToJson(r, indented: false);

    [Fact]
    public void Writes_1_1_0_with_sorted_keys()
    {
        Assert.Equal(
            "{\"cniVersion\":\"1.1.0\",\"dns\":{\"domain\":\"example.com\",\"nameservers\":[\"198.18.0.1\"],\"options\":[\"ndots:2\"],\"search\":[\"a.example.com\"]}," +
            "\"interfaces\":[{\"mac\":\"00:11:22:33:44:55\",\"mtu\":1500,\"name\":\"eth0\",\"pciID\":\"0000:00:1f.6\",\"sandbox\":\"/proc/3553/ns/net\",\"socketPath\":\"/path/to/vhost/fd\"}]," +
            "\"ips\":[{\"address\":\"198.18.0.2/24\",\"gateway\":\"198.18.0.1\",\"interface\":0},{\"address\":\"fd00:1::2/64\",\"gateway\":\"fd00:1::1\",\"interface\":0}]," +
            "\"routes\":[{\"advmss\":1340,\"dst\":\"0.0.0.0/0\",\"gw\":\"198.18.0.1\",\"mtu\":1400,\"priority\":100,\"scope\":253,\"table\":50},{\"dst\":\"::/0\"}]}",
            Json(Sample110()));
    }

    [Fact]
    public void Empty_dns_is_omitted_in_1_x_and_written_in_0_x()
    {
        var r = new Result { CniVersion = "1.0.0", Ips = { new IPConfig { Address = CidrAddress.Parse("198.18.0.2/24") } } };
        Assert.Equal("{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"198.18.0.2/24\"}]}", Json(r));
        Assert.Equal("{\"cniVersion\":\"0.4.0\",\"ips\":[{\"version\":\"4\",\"address\":\"198.18.0.2/24\"}],\"dns\":{}}", Json(r.ConvertTo("0.4.0")));
    }

    [Fact]
    public void Converts_1_1_0_to_0_4_0_dropping_new_fields_and_adding_version()
    {
        Assert.Equal(
            "{\"cniVersion\":\"0.4.0\",\"interfaces\":[{\"name\":\"eth0\",\"mac\":\"00:11:22:33:44:55\",\"sandbox\":\"/proc/3553/ns/net\"}]," +
            "\"ips\":[{\"version\":\"4\",\"interface\":0,\"address\":\"198.18.0.2/24\",\"gateway\":\"198.18.0.1\"},{\"version\":\"6\",\"interface\":0,\"address\":\"fd00:1::2/64\",\"gateway\":\"fd00:1::1\"}]," +
            "\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"198.18.0.1\",\"mtu\":1400,\"advmss\":1340,\"priority\":100,\"table\":50,\"scope\":253},{\"dst\":\"::/0\"}]," +
            "\"dns\":{\"nameservers\":[\"198.18.0.1\"],\"domain\":\"example.com\",\"search\":[\"a.example.com\"],\"options\":[\"ndots:2\"]}}",
            Json(Sample110().ConvertTo("0.4.0")));
    }

    [Fact]
    public void Converts_1_1_0_to_0_1_0_keeping_one_address_per_family_and_distributing_routes()
    {
        Assert.Equal(
            "{\"cniVersion\":\"0.1.0\",\"ip4\":{\"ip\":\"198.18.0.2/24\",\"gateway\":\"198.18.0.1\",\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"198.18.0.1\"}]}," +
            "\"ip6\":{\"ip\":\"fd00:1::2/64\",\"gateway\":\"fd00:1::1\",\"routes\":[{\"dst\":\"::/0\"}]}," +
            "\"dns\":{\"nameservers\":[\"198.18.0.1\"],\"domain\":\"example.com\",\"search\":[\"a.example.com\"],\"options\":[\"ndots:2\"]}}",
            Json(Sample110().ConvertTo("0.1.0")));
    }

    [Fact]
    public void Round_trips_1_1_0_through_1_0_0()
    {
        var r = Sample110();
        Assert.Equal(Json(r), Json(r.ConvertTo("1.0.0").ConvertTo("1.1.0")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Round_trips_0_2_0_through_0_4_0(bool withGateway)
    {
        var r = new Result020
        {
            CniVersion = "0.2.0",
            Ip4 = new IPConfig020
            {
                Ip = CidrAddress.Parse("198.18.1.2/24"),
                Gateway = withGateway ? IPAddress.Parse("198.18.1.1") : null,
                Routes = { new Route { Dst = CidrAddress.Parse("198.19.0.0/16"), Gw = withGateway ? IPAddress.Parse("198.18.1.254") : null } },
            },
            Ip6 = new IPConfig020 { Ip = CidrAddress.Parse("fd00::5/64") },
            Dns = new Dns { Nameservers = ["198.18.1.1"] },
        };
        Assert.Equal(Json(r), Json(r.ConvertTo("0.4.0").ConvertTo("0.2.0")));
    }

    [Fact]
    public void Same_version_returns_the_same_object()
    {
        var r = Sample110();
        Assert.Same(r, r.ConvertTo("1.1.0"));
    }

    [Fact]
    public void Empty_requested_version_means_0_1_0() => Assert.Equal("0.1.0", Sample110().ConvertTo("").CniVersion);

    [Fact]
    public void Down_conversion_without_addresses_fails()
    {
        var e = Assert.Throws<CniException>(() => new Result040 { CniVersion = "0.4.0" }.ConvertTo("0.2.0"));
        Assert.Equal("cannot convert: no valid IP addresses", e.Msg);
    }

    [Fact]
    public void Unknown_target_version_has_no_converter() =>
        Assert.Equal("no converter for CNI result version 1.1.0 to 5.0.0", Assert.Throws<CniException>(() => Sample110().ConvertTo("5.0.0")).Msg);

    public static TheoryData<string, string> EveryPair()
    {
        var data = new TheoryData<string, string>();
        foreach (var from in SpecVersions.All)
        {
            foreach (var to in SpecVersions.All)
            {
                data.Add(from, to);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Converts_between_every_pair_keeping_the_addresses(string from, string to)
    {
        var source = Sample110().ConvertTo(from);
        var converted = source.ConvertTo(to);
        Assert.Equal(to, converted.CniVersion);
        var reparsed = CniResults.Parse(CniResults.ToUtf8(converted));
        var current = ResultConverters.ToCurrent(reparsed);
        Assert.Equal(["198.18.0.2/24", "fd00:1::2/64"], current.Ips.Select(i => i.Address.ToString()));
        Assert.Equal(["0.0.0.0/0", "::/0"], current.Routes.Select(r => r.Dst.ToString()));
        Assert.Equal(["198.18.0.1"], current.Dns.Nameservers!);
    }

    [Fact]
    public void Interface_index_zero_round_trips_and_absent_stays_absent()
    {
        var parsed = (Result040)CniResults.Parse("{\"cniVersion\":\"0.3.1\",\"ips\":[{\"version\":\"4\",\"interface\":0,\"address\":\"198.18.0.2/24\"},{\"version\":\"4\",\"address\":\"198.18.0.3/24\"}]}"u8);
        Assert.Equal(0, parsed.Ips[0].Interface);
        Assert.Null(parsed.Ips[1].Interface);
        Assert.Contains("\"interface\":0", Json(parsed), StringComparison.Ordinal);
    }

    [Fact]
    public void Parsing_follows_the_documents_own_version()
    {
        Assert.IsType<Result020>(CniResults.Parse("{\"ip4\":{\"ip\":\"198.18.0.2/24\"}}"u8));
        Assert.Equal("0.1.0", CniResults.Parse("{\"ip4\":{\"ip\":\"198.18.0.2/24\"}}"u8).CniVersion);
        Assert.IsType<Result040>(CniResults.Parse("{\"cniVersion\":\"0.3.0\"}"u8));
        Assert.Equal("unsupported CNI result version \"0.4567.0\"", Assert.Throws<CniException>(() => CniResults.Parse("{\"cniVersion\":\"0.4567.0\"}"u8)).Msg);
    }

    [Theory]
    [InlineData("{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":5}]}", "json: cannot unmarshal number into Go value of type string")]
    [InlineData("{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"1.2.3.4/99\"}]}", "invalid CIDR address: 1.2.3.4/99")]
    [InlineData("{\"cniVersion\":\"1.0.0\",\"routes\":[{\"dst\":\"1.2.3.0/24\",\"gw\":\"1.2.3.x\"}]}", "invalid IP address: 1.2.3.x")]
    public void Bad_values_are_decoding_errors(string json, string message)
    {
        var e = Assert.Throws<CniException>(() => CniResults.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Equal((CniErrorCode.DecodingFailure, message), (e.Code, e.Msg));
    }

    [Fact]
    public void PrevResult_must_match_the_config_family()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("{\"cniVersion\":\"0.2.0\",\"ip4\":{\"ip\":\"198.18.0.2/24\"}}");
        var e = Assert.Throws<CniException>(() => CniResults.ParseAs(doc.RootElement, "1.1.0"));
        Assert.Equal("could not parse prevResult: result type supports [1.0.0 1.1.0] but unmarshalled CNIVersion is \"0.2.0\"", e.Msg);
    }

    [Fact]
    public void PrevResult_without_version_takes_the_configs_and_ignores_a_stray_ip_version()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("{\"interfaces\":[{\"name\":\"eth0\",\"pciID\":\"0000:00:1f.6\",\"socketPath\":\"/s\"}],\"ips\":[{\"version\":\"4\",\"address\":\"198.18.0.2/24\",\"interface\":0}]}");
        var r = (Result)CniResults.ParseAs(doc.RootElement, "1.0.0");
        Assert.Equal(("1.0.0", "0000:00:1f.6", "/s"), (r.CniVersion, r.Interfaces[0].PciId, r.Interfaces[0].SocketPath));
    }

    [Fact]
    public void Printing_is_four_space_indented_without_trailing_newline()
    {
        var text = CniResults.ToJson(new Result { CniVersion = "1.0.0", Interfaces = { new Interface { Name = "lo" } } });
        Assert.Equal("{\n    \"cniVersion\": \"1.0.0\",\n    \"interfaces\": [\n        {\n            \"name\": \"lo\"\n        }\n    ]\n}", text);
    }

    [Fact]
    public void Cidr_keeps_host_bits_and_rejects_garbage()
    {
        Assert.Equal("1.2.3.30/24", CidrAddress.Parse("1.2.3.30/24").ToString());
        Assert.Equal("2001:db8::/32", CidrAddress.Parse("2001:db8::/32").ToString());
        Assert.Equal("invalid CIDR address: 1.2.3/45", Assert.Throws<FormatException>(() => CidrAddress.Parse("1.2.3/45")).Message);
    }
}
