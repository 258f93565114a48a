using System.Text.RegularExpressions;
using CsCheck;
using Xunit;

namespace Cni.Tests;

/// <summary>The hand-written container ID / network name rule against Go's pattern (RE2: <c>$</c> is the end of the text, .NET's <c>\z</c>).</summary>
public class ContainerIdRuleTests
{
    private static readonly Regex GoPattern = new(@"^[a-zA-Z0-9][a-zA-Z0-9_.\-]*\z", RegexOptions.CultureInvariant);

    private static bool Accepted(string id)
    {
        try
        {
            Validation.ContainerId(id);
            return true;
        }
        catch (CniException e) when (e.Code == CniErrorCode.InvalidEnvironmentVariables)
        {
            return false;
        }
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("Z9", true)]
    [InlineData("0a_b.c-d", true)]
    [InlineData("a..", true)]
    [InlineData("-a", false)]
    [InlineData("_a", false)]
    [InlineData(".a", false)]
    [InlineData("a b", false)]
    [InlineData("a/b", false)]
    [InlineData("abc\n", false)]
    [InlineData("\u00e9t\u00e9", false)]
    [InlineData("\uff41", false)]
    [InlineData("a\u0660", false)]
    public void Ids(string id, bool valid)
    {
        Assert.Equal(valid, Accepted(id));
        Assert.Equal(valid, GoPattern.IsMatch(id));
    }

    [Fact]
    public void A_trailing_newline_is_refused_as_go_does()
    {
        var e = Assert.Throws<CniException>(() => Validation.NetworkName("net\n"));
        Assert.Equal((CniErrorCode.InvalidNetworkConfig, "invalid characters found in network name"), (e.Code, e.Msg));
    }

    [Fact]
    public void Random_ids_agree_with_the_pattern() =>
        Gen.String[Gen.Char["aZ09_.-/ \n%\u00e9\u0660"], 1, 12].Sample(id =>
        {
            Assert.Equal(GoPattern.IsMatch(id), Accepted(id));
            var networkOk = true;
            try
            {
                Validation.NetworkName(id);
            }
            catch (CniException)
            {
                networkOk = false;
            }
            Assert.Equal(GoPattern.IsMatch(id), networkOk);
        }, iter: 3000);
}
