using Xunit;

namespace Cni.Tests;

public class VersionTests
{
    [Theory]
    [InlineData("1.2.3", 1, 2, 3)]
    [InlineData("", 0, 1, 0)]
    [InlineData("1", 1, 0, 0)]
    [InlineData("1.2", 1, 2, 0)]
    [InlineData("0.-42.0", 0, -42, 0)]
    public void Parse_follows_go(string text, int major, int minor, int micro) =>
        Assert.Equal(new SpecVersion(major, minor, micro), SpecVersion.Parse(text));

    [Theory]
    [InlineData("asdf")]
    [InlineData("asdf.")]
    [InlineData(".asdfas")]
    [InlineData("0.")]
    [InlineData("..")]
    [InlineData("1.2.3.4.5")]
    public void Parse_rejects_malformed(string text) => Assert.Throws<FormatException>(() => SpecVersion.Parse(text));

    [Fact]
    public void Too_many_parts_message_is_gos() =>
        Assert.Equal("invalid version \"1.2.3.4\": too many parts", Assert.Throws<FormatException>(() => SpecVersion.Parse("1.2.3.4")).Message);

    [Theory]
    [InlineData("1.2.34", "1.2.14")]
    [InlineData("2.5.4", "2.4.4")]
    [InlineData("1.2.3", "0.2.3")]
    [InlineData("0.4.0", "0.3.1")]
    public void Greater_than_or_equal_is_numeric(string high, string low)
    {
        Assert.True(SpecVersion.GreaterThanOrEqual(high, low));
        Assert.False(SpecVersion.GreaterThanOrEqual(low, high));
        Assert.True(SpecVersion.GreaterThanOrEqual(low, low));
    }

    [Fact]
    public void Greater_than_is_strict()
    {
        Assert.False(SpecVersion.GreaterThan("1.1.0", "1.1.1"));
        Assert.True(SpecVersion.GreaterThan("1.1.1", "1.1.0"));
        Assert.False(SpecVersion.GreaterThan("1.1.0", "1.1.0"));
    }

    [Fact]
    public void Starting_from_lists_the_newer_versions() =>
        Assert.Equal(["0.3.1", "0.4.0", "1.0.0", "1.1.0"], SpecVersions.StartingFrom("0.3.1"));

    [Fact]
    public void Version_reply_is_byte_identical_to_go() =>
        Assert.Equal("{\"cniVersion\":\"1.1.0\",\"supportedVersions\":[\"9.8.7\",\"10.0.0\"]}\n",
            VersionInfo.For(["9.8.7", "10.0.0"]).ToJson());

    [Fact]
    public void Version_reply_decoding_follows_go()
    {
        Assert.Equal(["0.1.0", "0.2.0", "0.-42.0"], VersionInfo.Parse("{\"cniVersion\":\"1.1.0\",\"supportedVersions\":[\"0.1.0\",\"0.2.0\",\"0.-42.0\"]}"u8).SupportedVersions);
        Assert.Equal(["0.1.0", "0.2.0"], VersionInfo.Parse("{\"cniVersion\":\"0.2.0\"}"u8).SupportedVersions);
        Assert.Equal("decoding version info: missing field cniVersion", Assert.Throws<CniException>(() => VersionInfo.Parse("{\"supportedVersions\":[\"0.1.0\"]}"u8)).Message);
        Assert.Equal("decoding version info: missing field supportedVersions", Assert.Throws<CniException>(() => VersionInfo.Parse("{\"cniVersion\":\"1.0.0\"}"u8)).Message);
        Assert.StartsWith("decoding version info: ", Assert.Throws<CniException>(() => VersionInfo.Parse("{{{"u8)).Message);
    }

    [Fact]
    public void Reconciler_requires_an_exact_match_for_add_and_del()
    {
        VersionGate.Check(CniCommand.Add, "4.3.2", ["1.2.3", "4.3.2"]);
        var e = Assert.Throws<CniException>(() => VersionGate.Check(CniCommand.Del, "0.1.0", ["1.2.3", "4.3.2"]));
        Assert.Equal(CniErrorCode.IncompatibleCniVersion, e.Code);
        Assert.Equal("incompatible CNI versions; config is \"0.1.0\", plugin supports [\"1.2.3\" \"4.3.2\"]", e.Message);
    }

    [Theory]
    [InlineData(CniCommand.Check, "0.3.0", "config version does not allow CHECK")]
    [InlineData(CniCommand.Gc, "1.0.0", "config version does not allow GC")]
    [InlineData(CniCommand.Status, "0.4.0", "config version does not allow STATUS")]
    public void Gate_refuses_verbs_older_configs_lack(CniCommand verb, string version, string message)
    {
        var e = Assert.Throws<CniException>(() => VersionGate.Check(verb, version, SpecVersions.All));
        Assert.Equal((CniErrorCode.IncompatibleCniVersion, message), (e.Code, e.Msg));
    }

    [Fact]
    public void Gate_refuses_plugins_too_old_for_the_verb()
    {
        var e = Assert.Throws<CniException>(() => VersionGate.Check(CniCommand.Check, "0.4.0", ["0.1.0", "0.2.0", "0.3.0"]));
        Assert.Equal("plugin version does not allow CHECK", e.Msg);
        Assert.Equal(CniErrorCode.DecodingFailure, Assert.Throws<CniException>(() => VersionGate.Check(CniCommand.Check, "adsfsadf", SpecVersions.All)).Code);
        Assert.Equal(CniErrorCode.DecodingFailure, Assert.Throws<CniException>(() => VersionGate.Check(CniCommand.Gc, "1.1.0", ["adsfasdf", "1.1.0"])).Code);
    }
}
