using Cni.Plugins.Main.Bridge;
using Cni.Plugins.Ipam.HostLocal;
using Cni.Plugins.Ipam.Static;
using Cni.Plugins.Main.Loopback;
using Cni.Plugins.Test.Noop;

namespace Cni.Plugins;

/// <summary>The one table of plugins in the binary: dispatch, <c>cni install</c> and the listing read it.</summary>
public static class PluginTable
{
    /// <summary>Every plugin, in listing order.</summary>
    public static IReadOnlyList<PluginEntry> All { get; } =
    [
        new("bridge", PluginKind.Main, () => new BridgePlugin()),
        new("loopback", PluginKind.Main, () => new LoopbackPlugin()),
        new("host-local", PluginKind.Ipam, () => new HostLocalPlugin()),
        new("static", PluginKind.Ipam, () => new StaticPlugin()),
        new("noop", PluginKind.Test, () => new NoopPlugin()),
    ];

    /// <summary>The plugin installed under <paramref name="name"/>, or null.</summary>
    public static PluginEntry? Find(string name) => All.FirstOrDefault(e => e.Name == name);
}
