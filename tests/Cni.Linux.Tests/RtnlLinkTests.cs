using System.Net;
using System.Net.Sockets;
using Cni.Linux.Tests.Support;

namespace Cni.Linux.Tests;

[Trait("Category", "Integration")]
public sealed class RtnlLinkTests
{
    [Fact]
    public void Loopback_get_set_up_and_list_addresses()
    {
        using var test = TestNetNs.Create();
        using var rtnl = Rtnl.OpenIn(test.Ns);

        var lo = rtnl.Links.Get("lo");
        Assert.NotNull(lo);
        Assert.Equal(1, lo.Index);
        Assert.False(lo.IsUp);
        Assert.Equal(lo, rtnl.Links.Get(1));
        Assert.Equal(65536, lo.Mtu);
        Assert.Equal(772, lo.HardwareType);
        Assert.Equal("00:00:00:00:00:00", (string)Ip.Link(test.Name, "lo").GetProperty("address").GetString()!);

        rtnl.Links.SetUp(lo.Index);
        Assert.True(rtnl.Links.Get(1)!.IsUp);
        Assert.Contains("UP", Ip.Link(test.Name, "lo").GetProperty("flags").EnumerateArray().Select(f => f.GetString()));

        var addresses = rtnl.Addresses.List(lo.Index);
        Assert.Equal(Ip.Addresses(test.Name, "lo").Order(), addresses.Select(a => a.ToString()).Order());
        var v4 = Assert.Single(rtnl.Addresses.List(lo.Index, AddressFamily.InterNetwork));
        Assert.Equal(IPAddress.Loopback, v4.Address);
        Assert.Equal(8, v4.PrefixLength);
        Assert.Equal(RouteScope.Host, v4.Scope);
        Assert.Equal("lo", v4.Label);
        var v6 = Assert.Single(rtnl.Addresses.List(lo.Index, AddressFamily.InterNetworkV6));
        Assert.Equal(IPAddress.IPv6Loopback, v6.Address);
        Assert.True(v6.Flags.HasFlag(AddressFlags.Permanent));

        rtnl.Links.SetDown(lo.Index);
        Assert.DoesNotContain("UP", Ip.Link(test.Name, "lo").GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(Ip.Addresses(test.Name, "lo").Order(), rtnl.Addresses.List(lo.Index).Select(a => a.ToString()).Order());
    }

    [Fact]
    public void Missing_link_is_null_and_list_matches_ip()
    {
        using var test = TestNetNs.Create();
        using var rtnl = Rtnl.OpenIn(test.Ns);
        Assert.Null(rtnl.Links.Get("nosuchlink0"));
        Assert.Null(rtnl.Links.Get(4242));

        Ip.Run("ip", "-n", test.Name, "link", "add", "br-t0", "type", "bridge");
        var links = rtnl.Links.List();
        var fromIp = Ip.Json(test.Name, "link", "show").EnumerateArray().Select(l => l.GetProperty("ifname").GetString()).Order();
        Assert.Equal(fromIp, links.Select(l => l.Name).Order());
        Assert.Equal("bridge", links.Single(l => l.Name == "br-t0").Kind);
    }

    [Fact]
    public void Kernel_errors_name_the_operation_and_namespace()
    {
        using var test = TestNetNs.Create();
        using var rtnl = Rtnl.OpenIn(test.Ns);
        var e = Assert.Throws<LinuxException>(() => rtnl.Links.SetUp(4242));
        Assert.Equal(19, e.Errno);
        Assert.Equal($"setting link 4242 up in {test.Path}: No such device", e.Message);
    }
}
