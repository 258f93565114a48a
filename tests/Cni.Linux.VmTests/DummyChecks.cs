using System.Net.NetworkInformation;

namespace Cni.Linux.VmTests;

/// <summary>dummy: created with mtu and MAC, set up, deleted.</summary>
internal static class DummyChecks
{
    public static Check[] All =>
    [
        new("dummy-create", s =>
        {
            var link = Expect.NotNull(s.Links.Create(new SimpleLinkSpec
            {
                Name = "dummy0", Kind = "dummy", Mtu = 1400, Mac = PhysicalAddress.Parse("02-00-5e-00-53-01"),
            }), "Create");
            Expect.Equal("dummy", link.Kind, "Link.Kind");
            s.Links.SetUp(link.Index);

            var ip = s.IpLink("dummy0");
            Expect.Json("dummy", ip, "linkinfo.info_kind");
            Expect.Json("1400", ip, "mtu");
            Expect.Json("02:00:5e:00:53:01", ip, "address");
            Expect.Equal(link.Index, Expect.Path(ip, "ifindex").GetInt32(), "ip ifindex");
            Expect.True(Expect.Path(ip, "flags").EnumerateArray().Any(f => f.GetString() == "UP"), "ip shows dummy0 not UP after SetUp");
        }),
        new("dummy-delete", s =>
        {
            var link = s.Dummy("dummy0");
            s.Links.Delete(link.Index);
            Expect.Equal(null, s.Links.Get("dummy0"), "Get after Delete");
            Expect.True(Ip.FindLink(s.Name, "dummy0") is null, "ip still shows dummy0 after Delete");
        }),
    ];
}
