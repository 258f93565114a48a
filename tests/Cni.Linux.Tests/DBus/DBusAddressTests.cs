using Cni.Linux.DBus;

namespace Cni.Linux.Tests.DBus;

public sealed class DBusAddressTests
{
    [Fact]
    public void Unix_paths_and_abstract_names_in_order_with_escapes()
    {
        var endpoints = DBusAddress.Parse("tcp:host=198.18.0.1,port=1;unix:path=/tmp/a%20b,guid=0123;unix:abstract=bus");
        Assert.Equal(["/tmp/a b", "@bus"], endpoints.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("tcp:host=198.18.0.1,port=1")]
    [InlineData("nonsense")]
    [InlineData("unix:path=/x%zz")]
    public void Unusable_addresses_are_refused(string address) =>
        Assert.Throws<DBusException>(() => DBusAddress.Parse(address));
}
