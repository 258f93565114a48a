using Cni.Differential.Tests.Harness;
using Xunit;

namespace Cni.Differential.Tests.HarnessTests;

[Trait("Category", "Unit")]
public class NormalizerTests
{
    private static string Apply(string text) => new Normalizer("w-1234", new HashSet<string>()).Apply(text);

    [Theory]
    [InlineData("fe80::ecff:fe49:2171")]   // MAC 02:00:ec:49:21:71: the zero first group is dropped
    [InlineData("fe80::ff:fe49:2171")]     // MAC 02:00:00:49:21:71
    [InlineData("fe80::1cff:fe49:2171")]
    [InlineData("fe80::10:1cff:fe49:2171")]
    public void Random_mac_link_locals_become_one_token(string address) =>
        Assert.Equal("addr <ll> dev x", Apply($"addr {address} dev x"));

    [Fact]
    public void Addresses_not_derived_from_a_mac_stay() =>
        Assert.Equal("fe80::1 fe80::1:2:3:4", Apply("fe80::1 fe80::1:2:3:4"));
}
