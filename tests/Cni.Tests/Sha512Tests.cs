using System.Text;
using Cni.Internal;
using CsCheck;
using Xunit;
using Bcl = System.Security.Cryptography.SHA512;

namespace Cni.Tests;

public class Sha512Tests
{
    [Theory]
    [InlineData("", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")]
    [InlineData("abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")]
    [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909")]
    public void Nist_vectors(string message, string digest) => Assert.Equal(digest, Sha512.HexOf(message));

    [Fact]
    public void Nist_one_million_a() =>
        Assert.Equal("e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b",
            Convert.ToHexStringLower(Sha512.HashData(Encoding.ASCII.GetBytes(new string('a', 1_000_000)))));

    [Fact]
    public void Every_length_around_the_padding_boundaries_equals_the_bcl()
    {
        var data = Enumerable.Range(0, 400).Select(i => (byte)(i * 7 + 3)).ToArray();
        for (var n = 0; n <= data.Length; n++)
        {
            Assert.Equal(Bcl.HashData(data.AsSpan(0, n)), Sha512.HashData(data.AsSpan(0, n)));
        }
    }

    [Fact]
    public void Random_inputs_equal_the_bcl() =>
        Gen.Byte.Array[0, 2000].Sample(data => Assert.Equal(Bcl.HashData(data), Sha512.HashData(data)), iter: 500);

    [Fact]
    public void Hex_of_a_string_hashes_its_utf8_bytes() =>
        Assert.Equal(Convert.ToHexStringLower(Bcl.HashData(Encoding.UTF8.GetBytes("net\u00e9-cid"))), Sha512.HexOf("net\u00e9-cid"));
}
