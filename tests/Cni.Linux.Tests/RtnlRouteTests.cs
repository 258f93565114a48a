using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Cni.Linux.Tests.Support;

namespace Cni.Linux.Tests;

[Trait("Category", "Integration")]
public sealed class RtnlRouteTests
{
    [Fact]
    public void Routes_add_replace_list_delete_with_every_attribute()
    {
        using var test = TestNetNs.Create();
        using var rtnl = Rtnl.OpenIn(test.Ns);
        var br = rtnl.Links.Create(new BridgeSpec { Name = "br0" })!;
        rtnl.Links.SetUp(br.Index);
        rtnl.Addresses.Add(br.Index, IPAddress.Parse("198.18.0.5"), 24);
        rtnl.Addresses.Add(br.Index, IPAddress.Parse("fd00::5"), 64, new AddressOptions { Flags = AddressFlags.NoDad });

        var special = new Route
        {
            Destination = IPNetwork.Parse("198.18.5.0/24"),
            Gateway = IPAddress.Parse("198.18.0.1"),
            OutputIndex = br.Index,
            Priority = 100,
            Protocol = 4,
            Mtu = 1400,
            AdvMss = 1360,
            Source = IPAddress.Parse("198.18.0.5"),
            Table = 100,
            OnLink = true,
        };
        rtnl.Routes.Add(special);
        rtnl.Routes.Add(new Route { Destination = IPNetwork.Parse("0.0.0.0/0"), Gateway = IPAddress.Parse("198.18.0.1"), OutputIndex = br.Index });
        rtnl.Routes.Add(new Route { Destination = IPNetwork.Parse("fd01::/64"), Gateway = IPAddress.Parse("fd00::1"), OutputIndex = br.Index });
        rtnl.Routes.Replace(new Route { Destination = IPNetwork.Parse("198.18.6.0/24"), OutputIndex = br.Index, Scope = RouteScope.Link, Table = 300 });

        var t100 = Ip.Json(test.Name, "route", "show", "table", "100")[0];
        Assert.Equal("198.18.5.0/24", t100.GetProperty("dst").GetString());
        Assert.Equal("static", t100.GetProperty("protocol").GetString());
        Assert.Equal(100, t100.GetProperty("metric").GetInt32());
        Assert.Contains("onlink", t100.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("198.18.0.5", t100.GetProperty("prefsrc").GetString());
        var metrics = t100.GetProperty("metrics")[0];
        Assert.Equal(1400, metrics.GetProperty("mtu").GetInt32());
        Assert.Equal(1360, metrics.GetProperty("advmss").GetInt32());
        Assert.Equal("198.18.6.0/24", Ip.Json(test.Name, "route", "show", "table", "300")[0].GetProperty("dst").GetString());

        Assert.Equal(special, Assert.Single(rtnl.Routes.List(AddressFamily.InterNetwork, table: 100)));
        var main = rtnl.Routes.List(AddressFamily.InterNetwork);
        Assert.All(main, r => Assert.Equal(254u, r.Table));
        Assert.Contains(main, r => r.Destination.PrefixLength == 0 && r.Gateway!.Equals(IPAddress.Parse("198.18.0.1")));
        Assert.Contains(rtnl.Routes.List(AddressFamily.InterNetworkV6), r => r.Destination == IPNetwork.Parse("fd01::/64"));

        var e = Assert.Throws<LinuxException>(() => rtnl.Routes.Add(special));
        Assert.StartsWith($"adding route 198.18.5.0/24 via 198.18.0.1 dev br0 in {test.Path}: File exists", e.Message);

        rtnl.Routes.Delete(new Route { Destination = IPNetwork.Parse("0.0.0.0/0"), Gateway = IPAddress.Parse("198.18.0.1"), OutputIndex = br.Index });
        Assert.DoesNotContain(Ip.Json(test.Name, "route", "show").EnumerateArray(), r => r.GetProperty("dst").GetString() == "default");
        Assert.Equal("ESRCH", Assert.Throws<LinuxException>(() => rtnl.Routes.Delete(new Route { Destination = IPNetwork.Parse("0.0.0.0/0") })).ErrnoName);
    }

    [Fact]
    public void Rules_and_neighbours()
    {
        using var test = TestNetNs.Create();
        using var rtnl = Rtnl.OpenIn(test.Ns);
        var br = rtnl.Links.Create(new BridgeSpec { Name = "br0" })!;

        var rule = new Rule
        {
            Source = IPNetwork.Parse("198.18.0.0/24"),
            Destination = IPNetwork.Parse("198.18.9.0/24"),
            InputInterface = "br0",
            OutputInterface = "lo",
            Table = 100,
            Priority = 1000,
        };
        rtnl.Routes.AddRule(rule);
        var ip = Ip.Json(test.Name, "rule", "show").EnumerateArray().Single(r => r.GetProperty("priority").GetInt32() == 1000);
        Assert.Equal("198.18.0.0", ip.GetProperty("src").GetString());
        Assert.Equal("198.18.9.0", ip.GetProperty("dst").GetString());
        Assert.Equal("br0", ip.GetProperty("iif").GetString());
        Assert.Equal("lo", ip.GetProperty("oif").GetString());
        Assert.Equal("100", ip.GetProperty("table").GetString());
        Assert.Contains(rule, rtnl.Routes.ListRules());
        rtnl.Routes.DeleteRule(rule);
        Assert.DoesNotContain(Ip.Json(test.Name, "rule", "show").EnumerateArray(), r => r.GetProperty("priority").GetInt32() == 1000);

        rtnl.Neighbours.Add(br.Index, IPAddress.Parse("198.18.0.9"), PhysicalAddress.Parse("02-00-00-00-00-09"));
        var neigh = Ip.Json(test.Name, "neigh", "show", "dev", "br0").EnumerateArray().Single();
        Assert.Equal("198.18.0.9", neigh.GetProperty("dst").GetString());
        Assert.Equal("02:00:00:00:00:09", neigh.GetProperty("lladdr").GetString());
        Assert.Contains("PERMANENT", neigh.GetProperty("state").EnumerateArray().Select(s => s.GetString()));
        rtnl.Neighbours.Delete(br.Index, IPAddress.Parse("198.18.0.9"));
        Assert.Empty(Ip.Json(test.Name, "neigh", "show", "dev", "br0").EnumerateArray());
    }
}
