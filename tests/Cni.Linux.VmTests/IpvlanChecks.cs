namespace Cni.Linux.VmTests;

/// <summary>ipvlan on a dummy parent: each mode (with a different flag each), and created straight into another namespace.</summary>
internal static class IpvlanChecks
{
    public static Check[] All =>
    [
        new("ipvlan-l2", s => ModeAndFlag(s, IpvlanMode.L2, "l2", IpvlanFlag.Bridge)),
        new("ipvlan-l3", s => ModeAndFlag(s, IpvlanMode.L3, "l3", IpvlanFlag.Private)),
        new("ipvlan-l3s", s => ModeAndFlag(s, IpvlanMode.L3S, "l3s", IpvlanFlag.Vepa)),
        new("ipvlan-into-netns", s =>
        {
            // As the ipvlan plugin does: the parent stays on the host, the ipvlan is born in the container.
            var parent = s.Dummy("parent0");
            var container = s.AnotherNamespace("c");
            var created = s.Links.Create(new IpvlanSpec { Name = "eth0", ParentIndex = parent.Index, Mode = IpvlanMode.L3, Namespace = container });
            Expect.Equal(null, created, "Create into another namespace returns");
            Expect.True(Ip.FindLink(s.Name, "eth0") is null, "eth0 also appeared in the parent's namespace");

            var ip = Ip.Link($"{s.Name}-c", "eth0");
            Expect.Json("ipvlan", ip, "linkinfo.info_kind");
            Expect.Json("l3", ip, "linkinfo.info_data.mode");
            Expect.Path(ip, "link_netnsid");
            using var inContainer = Rtnl.OpenIn(container);
            var eth0 = Expect.NotNull(inContainer.Links.Get("eth0"), "Get eth0 in the container");
            Expect.Equal("ipvlan", eth0.Kind, "Link.Kind");
            Expect.Equal(parent.Index, eth0.LinkIndex, "Link.LinkIndex (the parent, across namespaces)");
        }),
    ];

    private static void ModeAndFlag(Scratch s, IpvlanMode mode, string modeName, IpvlanFlag flag)
    {
        var parent = s.Dummy("parent0");
        var link = Expect.NotNull(s.Links.Create(new IpvlanSpec { Name = "ipvl0", ParentIndex = parent.Index, Mode = mode, Flag = flag, Mtu = 1400 }), "Create");
        Expect.Equal("ipvlan", link.Kind, "Link.Kind");
        Expect.Equal(parent.Index, link.LinkIndex, "Link.LinkIndex");

        var ip = s.IpLink("ipvl0");
        Expect.Json("ipvlan", ip, "linkinfo.info_kind");
        Expect.Json(modeName, ip, "linkinfo.info_data.mode");
        Expect.Json("parent0", ip, "link");
        Expect.Json("1400", ip, "mtu");
        var data = Expect.Path(ip, "linkinfo.info_data");
        foreach (var (name, value) in new[] { ("private", IpvlanFlag.Private), ("vepa", IpvlanFlag.Vepa) })
        {
            var shown = data.TryGetProperty(name, out var b) && b.GetBoolean();
            Expect.Equal(flag == value, shown, $"ip info_data.{name} for flag {flag}");
        }

        s.Links.Delete(link.Index);
        Expect.True(Ip.FindLink(s.Name, "ipvl0") is null, "ip still shows ipvl0 after Delete");
    }
}
