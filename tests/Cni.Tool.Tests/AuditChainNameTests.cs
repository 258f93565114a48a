using System.Text.RegularExpressions;
using Cni.Tool.Internal;

namespace Cni.Tool.Tests;

/// <summary><c>cnitool audit</c>'s reading of hashed chain names, against the pattern it replaces.</summary>
public sealed class AuditChainNameTests
{
    private static readonly Regex Pattern = new(@"^CNI-(?:[A-Z]+-)?([0-9a-f]{16,})\z");

    [Theory]
    [InlineData("CNI-2bbe0c48b91a7d1b8a6753a8", "2bbe0c48b91a7d1b8a6753a8")]
    [InlineData("CNI-DN-67e92b96e692a494b6b85", "67e92b96e692a494b6b85")]
    [InlineData("CNI-HOSTPORT-DNAT-0123456789abcdef", null)]
    [InlineData("CNI-0123456789abcdef", "0123456789abcdef")]
    [InlineData("CNI-0123456789abcde", null)]
    [InlineData("CNI-0123456789ABCDEF", null)]
    [InlineData("CNI--0123456789abcdef", null)]
    [InlineData("CNI-Dn-0123456789abcdef", null)]
    [InlineData("CNI-FORWARD", null)]
    [InlineData("CNI-HOSTPORT-MASQ", null)]
    [InlineData("CNI-ADMIN", null)]
    [InlineData("KUBE-0123456789abcdef", null)]
    [InlineData("CNI-0123456789abcdefg", null)]
    public void Hashed_chains(string chain, string? hash)
    {
        Assert.Equal(hash, AuditCommand.HashOfChain(chain));
        var m = Pattern.Match(chain);
        Assert.Equal(hash, m.Success ? m.Groups[1].Value : null);
    }
}
