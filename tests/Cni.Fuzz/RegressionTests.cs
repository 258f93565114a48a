using System.Text;
using System.Text.Json;
using Cni.Fuzz.Targets;
using Cni.Linux.Internal;
using Xunit;

namespace Cni.Fuzz;

/// <summary>
/// Inputs the fuzzer found, reduced by hand, each held to the decoder's documented contract: code 6/7 CniException for
/// JSON, InvalidDataException for netlink. They fail until the decoder is fixed; do not weaken them.
/// </summary>
public class RegressionTests
{
    // JSON with a string that is not UTF-8 (or a lone surrogate escape) is well-formed to JsonDocument, which
    // only transcodes when the string is read: GetString then throws InvalidOperationException.
    public static TheoryData<string, string> BadStrings() => new()
    {
        { "network-config", "{\"cniVersion\":\"1.1.0\",\"name\":\"n\xff\"}" },
        { "network-config", "{\"cniVersion\":\"1.1.0\",\"name\":\"n\",\"capabilities\":{\"\xff\":true}}" },
        { "network-config", "{\"na\xffme\":\"n\"}" },
        { "network-config", "{\"cniVersion\":\"1.1.0\",\"name\":\"n\",\"prevResult\":{\"cniVersion\":\"1.1.0\",\"ips\":[{\"address\":\"1.2.3.4\xff/24\"}]}}" },
        { "network-config-list", "{\"name\":\"\xff\"}" },
        { "network-config-list", "{\"name\":\"n\",\"cniVersions\":[\"1.\xff\"]}" },
        { "network-config-list", "{\"name\":\"n\",\"plugins\":[{\"type\":\"\xff\"}]}" },
        { "network-config-list", "{\"cniVersion\\ud800\":\"1.0.0\",\"name\":\"n\"}" },
        { "result", "{\"cniVersion\":\"1.1.0\xff\"}" },
        { "result", "{\"ip4\":{\"ip\":\"198.18\xff.0.5/24\"}}" },
        { "version-reply", "{\"cniVersion\":\"0.3.1\",\"supportedVersions\":[\"0.3\xff\"]}" },
    };

    [Theory]
    [MemberData(nameof(BadStrings))]
    public void Json_strings_that_are_not_utf8_are_decoding_errors(string target, string latin1)
    {
        var input = Encoding.Latin1.GetBytes(latin1);
        var t = AllTargets.Get(target);
        var e = Record.Exception(() => t.Run(input));
        Assert.True(e is null || t.Allowed(e), $"{target}: {e?.GetType().Name}: {e?.Message}");
    }

    // A scalar where a list member must be an object: JsonElement throws InvalidOperationException on property access.
    [Theory]
    [InlineData("{\"cniVersion\":\"1.1.0\",\"ips\":[false]}")]
    [InlineData("{\"cniVersion\":\"1.1.0\",\"routes\":[0]}")]
    [InlineData("{\"cniVersion\":\"0.3.1\",\"interfaces\":[true]}")]
    [InlineData("{\"cniVersion\":\"0.2.0\",\"ip4\":{\"ip\":\"198.18.0.5/24\",\"routes\":[0]}}")]
    public void Results_with_scalars_for_objects_are_decoding_errors(string json)
    {
        var e = Record.Exception(() => CniResults.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.True(e is CniException { Code: CniErrorCode.DecodingFailure }, $"{json}: {e?.GetType().Name}: {e?.Message}");
    }

    [Fact]
    public void A_prev_result_whose_version_is_not_a_string_is_a_decoding_error()
    {
        var config = NetworkConfig.Parse("{\"cniVersion\":\"1.1.0\",\"name\":\"n\",\"prevResult\":{\"cniVersion\":{}}}"u8.ToArray());
        var e = Record.Exception(config.ParsePrevResult);
        Assert.True(e is CniException { Code: CniErrorCode.DecodingFailure }, $"{e?.GetType().Name}: {e?.Message}");
        using var doc = JsonDocument.Parse("{\"cniVersion\":0}");
        var direct = Record.Exception(() => CniResults.ParseAs(doc.RootElement, "1.1.0"));
        Assert.True(direct is CniException { Code: CniErrorCode.DecodingFailure }, $"{direct?.GetType().Name}: {direct?.Message}");
    }

    private delegate void Decode(ReadOnlySpan<byte> payload);

    // Headers are zero; one attribute follows: length, type, value.
    public static TheoryData<string, string> ShortNetlinkAttributes() => new()
    {
        { "link IFLA_MTU with no value", "00000000000000000000000000000000" + "04000400" },
        { "link IFLA_OPERSTATE with no value", "00000000000000000000000000000000" + "04001000" },
        { "address IFA_ADDRESS of 3 bytes", "0000000000000000" + "07000100010203" + "00" },
        { "address IFA_FLAGS of 2 bytes", "0000000000000000" + "06000800ffff0000" },
        { "route RTA_OIF of 2 bytes", "000000000000000000000000" + "060004000100" + "0000" },
        { "route dst_len 200", "02c800000000000000000000" + "080001000a000000" },
        { "rule FRA_DST with dst_len 99", "026300000000000000000000" + "080001000a000000" },
    };

    [Theory]
    [MemberData(nameof(ShortNetlinkAttributes))]
    public void Malformed_netlink_payloads_are_invalid_data(string why, string hex)
    {
        var payload = Convert.FromHexString(hex);
        Decode[] readers =
        [
            p => NetlinkReader.ReadLink(p), p => NetlinkReader.ReadAddress(p), p => NetlinkReader.ReadRoute(p),
            p => NetlinkReader.ReadRule(p), p => NetlinkReader.ReadQdisc(p),
        ];
        foreach (var read in readers)
        {
            var e = Record.Exception(() => read(payload));
            Assert.True(e is null or InvalidDataException, $"{why}: {e?.GetType().Name}: {e?.Message}");
        }
    }

    [Fact]
    public void An_extended_ack_whose_echoed_length_is_negative_is_ignored()
    {
        // NLMSG_ERROR with NLM_F_ACK_TLVS: error -1, then the echoed request header claiming length 0xfffffff0.
        var datagram = Convert.FromHexString("24000000" + "0200" + "0002" + "01000000" + "00000000" + "ffffffff" + "f0ffffff000000000000000000000000");
        var e = Record.Exception(() =>
        {
            var reader = new NetlinkReader(datagram);
            while (reader.TryReadMessage(out var message))
            {
                _ = NetlinkSocket.ExtendedAckMessage(message);
            }
        });
        Assert.True(e is null or InvalidDataException, $"{e?.GetType().Name}: {e?.Message}");
    }
}
