namespace Cni.Linux.VmTests;

/// <summary>vrf: created bound to a routing table, set up, and a dummy enslaved to it.</summary>
internal static class VrfChecks
{
    public static Check[] All =>
    [
        new("vrf-create", s =>
        {
            var vrf = Expect.NotNull(s.Links.Create(new VrfSpec { Name = "vrf-red", Table = 10 }), "Create");
            Expect.Equal("vrf", vrf.Kind, "Link.Kind");
            s.Links.SetUp(vrf.Index);
            var ip = s.IpLink("vrf-red");
            Expect.Json("vrf", ip, "linkinfo.info_kind");
            Expect.Json("10", ip, "linkinfo.info_data.table");
            var port = s.Dummy("dummy1");
            s.Links.SetMaster(port.Index, vrf.Index);
            Expect.Json("vrf-red", s.IpLink("dummy1"), "master");
        }),
    ];
}
