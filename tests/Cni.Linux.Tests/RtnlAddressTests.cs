using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Cni.Linux.Tests.Support;

namespace Cni.Linux.Tests;

[Trait("Category", "Integration")]
public sealed class RtnlAddressTests
{
    [Fact]
    public void Add_list_delete_v4_and_v6_with_options()
    {
        using var test = TestNetNs.Create();
        using var rtnl = Rtnl.OpenIn(test.Ns);
        var br = rtnl.Links.Create(new BridgeSpec { Name = "br0" })!;

        rtnl.Addresses.Add(br.Index, IPAddress.Parse("198.18.0.5"), 24);
        rtnl.Addresses.Add(br.Index, IPAddress.Parse("198.18.1.5"), 24, new AddressOptions
        {
            Broadcast = IPAddress.Parse("198.18.1.255"),
            Scope = RouteScope.Link,
            Label = "br0:x",
        });
        rtnl.Addresses.Add(br.Index, IPAddress.Parse("fd00::5"), 64, new AddressOptions { Flags = AddressFlags.NoDad | AddressFlags.NoPrefixRoute });

        var json = Ip.Json(test.Name, "addr", "show", "dev", "br0")[0].GetProperty("addr_info").EnumerateArray().ToList();
        var second = json.Single(a => a.GetProperty("local").GetString() == "198.18.1.5");
        Assert.Equal("198.18.1.255", second.GetProperty("broadcast").GetString());
        Assert.Equal("link", second.GetProperty("scope").GetString());
        Assert.Equal("br0:x", second.GetProperty("label").GetString());
        var v6 = json.Single(a => a.GetProperty("local").GetString() == "fd00::5");
        Assert.True(v6.GetProperty("nodad").GetBoolean());
        Assert.True(v6.GetProperty("noprefixroute").GetBoolean());

        var ours = rtnl.Addresses.List(br.Index);
        Assert.Equal(Ip.Addresses(test.Name, "br0").Order(), ours.Select(a => a.ToString()).Order());
        Assert.Equal(AddressFlags.NoDad | AddressFlags.NoPrefixRoute | AddressFlags.Permanent, ours.Single(a => a.PrefixLength == 64).Flags);
        Assert.Single(rtnl.Addresses.List(br.Index, AddressFamily.InterNetworkV6), a => !a.Address.IsIPv6LinkLocal);

        var e = Assert.Throws<LinuxException>(() => rtnl.Addresses.Add(br.Index, IPAddress.Parse("198.18.0.5"), 24));
        Assert.StartsWith($"adding address 198.18.0.5/24 to br0 in {test.Path}: File exists", e.Message);
        Assert.NotNull(e.KernelMessage); // the kernel's extended ACK text, e.g. "ipv4: Address already assigned."
        Assert.EndsWith($"({e.KernelMessage})", e.Message);
        Assert.Equal("EEXIST", e.ErrnoName);

        rtnl.Addresses.Delete(br.Index, IPAddress.Parse("198.18.0.5"), 24);
        rtnl.Addresses.Delete(br.Index, IPAddress.Parse("fd00::5"), 64);
        Assert.Equal(["198.18.1.5/24"], Ip.Addresses(test.Name, "br0").Where(a => !a.StartsWith("fe80", StringComparison.Ordinal)));
        var gone = Assert.Throws<LinuxException>(() => rtnl.Addresses.Delete(br.Index, IPAddress.Parse("198.18.0.5"), 24));
        Assert.Equal("EADDRNOTAVAIL", gone.ErrnoName);
    }

    [Fact]
    public void WaitForDad_returns_when_the_address_stops_being_tentative()
    {
        using var test = TestNetNs.Create();
        using var rtnl = Rtnl.OpenIn(test.Ns);
        var a = rtnl.Links.Create(new VethSpec { Name = "dad0", PeerName = "dad1" })!;
        rtnl.Links.SetUp(a.Index);
        rtnl.Links.SetUp(rtnl.Links.Get("dad1")!.Index);
        rtnl.Addresses.Add(a.Index, IPAddress.Parse("fd00::10"), 64);
        Assert.Contains(rtnl.Addresses.List(a.Index, AddressFamily.InterNetworkV6), x => x.Flags.HasFlag(AddressFlags.Tentative));

        var clock = Stopwatch.StartNew();
        rtnl.Addresses.WaitForDad(a.Index, TimeSpan.FromSeconds(10));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(9), $"took {clock.Elapsed}");

        foreach (var info in Ip.Json(test.Name, "addr", "show", "dev", "dad0")[0].GetProperty("addr_info").EnumerateArray())
            Assert.False(info.TryGetProperty("tentative", out _), info.ToString());
    }
}
