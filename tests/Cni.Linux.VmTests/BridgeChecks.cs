namespace Cni.Linux.VmTests;

/// <summary>Bridge VLAN filtering and port VLANs: the host kernel lacks CONFIG_BRIDGE_VLAN_FILTERING.</summary>
internal static class BridgeChecks
{
    public static Check[] All =>
    [
        new("bridge-vlan-filtering", s =>
        {
            s.Links.Create(new BridgeSpec { Name = "br0", VlanFiltering = true });
            Expect.Json("1", s.IpLink("br0"), "linkinfo.info_data.vlan_filtering");
        }),
        new("bridge-port-vlan", s =>
        {
            var br = Expect.NotNull(s.Links.Create(new BridgeSpec { Name = "br0", VlanFiltering = true }), "Create br0");
            var port = Expect.NotNull(s.Links.Create(new VethSpec { Name = "port0", PeerName = "peer0", MasterIndex = br.Index }), "Create port0");

            s.Links.AddBridgeVlan(port.Index, 10, pvid: true, untagged: true);
            s.Links.AddBridgeVlan(port.Index, 20);
            var vlans = Ip.BridgeVlans(s.Name, "port0");
            Expect.True(vlans.Contains("10:PVID,Egress Untagged") && vlans.Contains("20:"), $"bridge vlan show: {string.Join("; ", vlans)}");

            s.Links.DeleteBridgeVlan(port.Index, 20);
            vlans = Ip.BridgeVlans(s.Name, "port0");
            Expect.True(!vlans.Any(v => v.StartsWith("20:", StringComparison.Ordinal)), $"vlan 20 still there: {string.Join("; ", vlans)}");
        }),
    ];
}
