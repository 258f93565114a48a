namespace Cni.Linux.VmTests;

/// <summary>vlan on a dummy parent: 802.1Q and 802.1ad, into another namespace, and the error for a taken id.</summary>
internal static class VlanChecks
{
    private const ushort Dot1Ad = 0x88a8;

    public static Check[] All =>
    [
        new("vlan-8021q", s => Create(s, "parent0.100", 100, protocol: null, "802.1Q")),
        new("vlan-8021ad", s => Create(s, "parent0.200", 200, Dot1Ad, "802.1ad")),
        new("vlan-into-netns", s =>
        {
            var parent = s.Dummy("parent0");
            var container = s.AnotherNamespace("c");
            var created = s.Links.Create(new VlanSpec { Name = "eth0", ParentIndex = parent.Index, VlanId = 42, Mtu = 1400, Namespace = container });
            Expect.Equal(null, created, "Create into another namespace returns");
            var ip = Ip.Link($"{s.Name}-c", "eth0");
            Expect.Json("vlan", ip, "linkinfo.info_kind");
            Expect.Json("42", ip, "linkinfo.info_data.id");
            Expect.Json("1400", ip, "mtu");
        }),
        new("vlan-exists-error", s =>
        {
            var parent = s.Dummy("parent0");
            s.Links.Create(new VlanSpec { Name = "parent0.7", ParentIndex = parent.Index, VlanId = 7 });
            try
            {
                s.Links.Create(new VlanSpec { Name = "other7", ParentIndex = parent.Index, VlanId = 7 });
            }
            catch (LinuxException e)
            {
                Expect.Equal(17, e.Errno, "errno for a second vlan 7 on parent0");
                var expected = $"creating vlan other7 in /var/run/netns/{s.Name}: File exists";
                Expect.True(e.Message.StartsWith(expected, StringComparison.Ordinal), $"message \"{e.Message}\" does not start with \"{expected}\"");
                return;
            }

            throw new CheckFailedException("a second vlan 7 on parent0 was created");
        }),
    ];

    private static void Create(Scratch s, string name, ushort id, ushort? protocol, string protocolName)
    {
        var parent = s.Dummy("parent0");
        var link = Expect.NotNull(s.Links.Create(new VlanSpec { Name = name, ParentIndex = parent.Index, VlanId = id, Protocol = protocol }), "Create");
        Expect.Equal("vlan", link.Kind, "Link.Kind");
        Expect.Equal(parent.Index, link.LinkIndex, "Link.LinkIndex");

        var ip = s.IpLink(name);
        Expect.Json("vlan", ip, "linkinfo.info_kind");
        Expect.Json(id.ToString(System.Globalization.CultureInfo.InvariantCulture), ip, "linkinfo.info_data.id");
        Expect.Json(protocolName, ip, "linkinfo.info_data.protocol");
        Expect.Json("parent0", ip, "link");

        s.Links.Delete(link.Index);
        Expect.True(Ip.FindLink(s.Name, name) is null, $"ip still shows {name} after Delete");
    }
}
