using Cni.Plugins.Main.Bridge;
using Cni.Plugins.Ipam.Dhcp;
using Cni.Plugins.Ipam.HostLocal;
using Cni.Plugins.Ipam.Static;
using Cni.Plugins.Main.Dummy;
using Cni.Plugins.Main.HostDevice;
using Cni.Plugins.Main.Ipvlan;
using Cni.Plugins.Main.Loopback;
using Cni.Plugins.Main.Macvlan;
using Cni.Plugins.Main.Ptp;
using Cni.Plugins.Main.Tap;
using Cni.Plugins.Main.Vlan;
using Cni.Plugins.Meta.Bandwidth;
using Cni.Plugins.Meta.Firewall;
using Cni.Plugins.Meta.Flannel;
using Cni.Plugins.Meta.Portmap;
using Cni.Plugins.Meta.Sbr;
using Cni.Plugins.Meta.Tuning;
using Cni.Plugins.Meta.Vrf;
using Cni.Plugins.Test.Noop;

namespace Cni.Plugins;

/// <summary>The one table of plugins in the binary: dispatch, <c>cni install</c> and the listing read it.</summary>
public static class PluginTable
{
    private static readonly PluginEntry[] Entries =
    [
        new("bridge", PluginKind.Main, () => new BridgePlugin()),
        new("loopback", PluginKind.Main, () => new LoopbackPlugin()),
        new("ptp", PluginKind.Main, () => new PtpPlugin()),
        new("macvlan", PluginKind.Main, () => new MacvlanPlugin()),
        new("dummy", PluginKind.Main, () => new DummyPlugin()),
        new("ipvlan", PluginKind.Main, () => new IpvlanPlugin()),
        new("vlan", PluginKind.Main, () => new VlanPlugin()),
        new("tap", PluginKind.Main, () => new TapPlugin()),
        new("host-device", PluginKind.Main, () => new HostDevicePlugin()),
        new("host-local", PluginKind.Ipam, () => new HostLocalPlugin()),
        new("static", PluginKind.Ipam, () => new StaticPlugin()),
        new("dhcp", PluginKind.Ipam, () => new DhcpPlugin()),
        new("bandwidth", PluginKind.Meta, () => new BandwidthPlugin()),
        new("firewall", PluginKind.Meta, () => new FirewallPlugin()),
        new("portmap", PluginKind.Meta, () => new PortmapPlugin()),
        new("sbr", PluginKind.Meta, () => new SbrPlugin()),
        new("tuning", PluginKind.Meta, () => new TuningPlugin()),
        new("flannel", PluginKind.Meta, () => new FlannelPlugin()),
        new("vrf", PluginKind.Meta, () => new VrfPlugin()),
        new("noop", PluginKind.Test, () => new NoopPlugin()),
    ];

    /// <summary>Every plugin, in listing order.</summary>
    public static IReadOnlyList<PluginEntry> All { get; } = Array.AsReadOnly(Entries);

    /// <summary>The plugin installed under <paramref name="name"/>, or null.</summary>
    public static PluginEntry? Find(string name)
    {
        // A loop, not LINQ over the interface: this runs at every plugin start.
        foreach (var e in Entries)
        {
            if (e.Name == name)
            {
                return e;
            }
        }
        return null;
    }
}
