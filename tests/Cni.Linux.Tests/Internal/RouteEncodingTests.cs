using System.Net;
using System.Net.NetworkInformation;
using Cni.Linux.Internal;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Tests.Internal;

/// <summary>Address, route, rule and neighbour requests against iproute2's bytes for the same commands (strace).</summary>
public sealed class RouteEncodingTests
{
    [Fact]
    public void Address_add_v4_and_v6_nodad_noprefixroute_and_delete()
    {
        AssertBody(NetlinkWriter.ModifyAddress(new byte[1024], true, 2, IPAddress.Parse("198.18.0.5"), 24, null),
            RTM_NEWADDR, 0x605, "021800000200000008000200c612000508000100c6120005");
        AssertBody(NetlinkWriter.ModifyAddress(new byte[1024], true, 2, IPAddress.Parse("198.18.1.5"), 24,
                new AddressOptions { Broadcast = IPAddress.Parse("198.18.1.255"), Scope = RouteScope.Link }),
            RTM_NEWADDR, 0x605, "021800fd0200000008000200c612010508000400c61201ff08000100c6120105");
        AssertBody(NetlinkWriter.ModifyAddress(new byte[1024], true, 2, IPAddress.Parse("fd00::5"), 64,
                new AddressOptions { Flags = AddressFlags.NoDad | AddressFlags.NoPrefixRoute }),
            RTM_NEWADDR, 0x605, "0a4000000200000014000200fd000000000000000000000000000005080008000202000014000100fd000000000000000000000000000005");
        AssertBody(NetlinkWriter.ModifyAddress(new byte[1024], false, 2, IPAddress.Parse("198.18.0.5"), 24, null),
            RTM_DELADDR, 0x005, "021800000200000008000200c612000508000100c6120005");
    }

    [Fact]
    public void Route_add_with_every_attribute_default_replace_v6_and_delete()
    {
        AssertBody(NetlinkWriter.ModifyRoute(new byte[1024], RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, new Route
            {
                Destination = IPNetwork.Parse("198.18.5.0/24"), Gateway = IPAddress.Parse("198.18.0.1"), OutputIndex = 2,
                Priority = 100, Protocol = 4, Mtu = 1400, AdvMss = 1360, Source = IPAddress.Parse("198.18.0.5"), Table = 100, OnLink = true,
            }),
            RTM_NEWROUTE, 0x605,
            "02180000640400010400000008000100c612050008000500c6120001080006006400000008000700c612000508000400020000001400080008000200780500000800080050050000");
        AssertBody(NetlinkWriter.ModifyRoute(new byte[1024], RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL,
                new Route { Destination = IPNetwork.Parse("0.0.0.0/0"), Gateway = IPAddress.Parse("198.18.0.1"), OutputIndex = 2 }),
            RTM_NEWROUTE, 0x605, "02000000fe0300010000000008000500c61200010800040002000000");
        AssertBody(NetlinkWriter.ModifyRoute(new byte[1024], RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE,
                new Route { Destination = IPNetwork.Parse("198.18.6.0/24"), OutputIndex = 2, Scope = RouteScope.Link, Table = 300 }),
            RTM_NEWROUTE, 0x505, "021800000003fd010000000008000100c612060008000f002c0100000800040002000000");
        AssertBody(NetlinkWriter.ModifyRoute(new byte[1024], RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL,
                new Route { Destination = IPNetwork.Parse("fd01::/64"), Gateway = IPAddress.Parse("fd00::1"), OutputIndex = 2 }),
            RTM_NEWROUTE, 0x605,
            "0a400000fe0300010000000014000100fd01000000000000000000000000000014000500fd0000000000000000000000000000010800040002000000");
        AssertBody(NetlinkWriter.ModifyRoute(new byte[1024], RTM_DELROUTE, 0,
                new Route { Destination = IPNetwork.Parse("0.0.0.0/0"), Gateway = IPAddress.Parse("198.18.0.1"), OutputIndex = 2 }),
            RTM_DELROUTE, 0x005, "02000000fe00ff000000000008000500c61200010800040002000000");
    }

    [Fact]
    public void Rule_add_and_delete()
    {
        var rule = new Rule
        {
            Source = IPNetwork.Parse("198.18.0.0/24"), Destination = IPNetwork.Parse("198.18.9.0/24"),
            InputInterface = "br0", OutputInterface = "lo", Table = 100, Priority = 1000,
        };
        AssertBody(NetlinkWriter.ModifyRule(new byte[1024], true, rule), RTM_NEWRULE, 0x605,
            "02181800640000010000000008000200c612000008000100c61209000800030062723000070011006c6f000008000600e8030000");
        AssertBody(NetlinkWriter.ModifyRule(new byte[1024], false, rule), RTM_DELRULE, 0x005,
            "02181800640000000000000008000200c612000008000100c61209000800030062723000070011006c6f000008000600e8030000");
    }

    [Fact]
    public void Neighbour_add_and_delete()
    {
        AssertBody(NetlinkWriter.ModifyNeighbour(new byte[1024], true, 2, IPAddress.Parse("198.18.0.9"), PhysicalAddress.Parse("02-00-00-00-00-09")),
            RTM_NEWNEIGH, 0x605, "02000000020000008000000008000100c61200090a0002000200000000090000");
        AssertBody(NetlinkWriter.ModifyNeighbour(new byte[1024], false, 2, IPAddress.Parse("198.18.0.9"), null),
            RTM_DELNEIGH, 0x005, "02000000020000008000000008000100c6120009");
    }

    private static void AssertBody(NetlinkWriter writer, ushort type, ushort flags, string body)
    {
        var request = writer.Complete();
        NetlinkSocket.Stamp(request, 0, dump: false);
        Assert.Equal(type, BitConverter.ToUInt16(request[4..]));
        Assert.Equal(flags, BitConverter.ToUInt16(request[6..]));
        Assert.Equal(body, Convert.ToHexStringLower(request[NLMSG_HDRLEN..]));
    }
}
