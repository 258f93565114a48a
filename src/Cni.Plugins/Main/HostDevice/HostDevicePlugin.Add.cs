using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.HostDevice;

public sealed partial class HostDevicePlugin
{
    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request)
    {
        var conf = Load(request);
        using var ns = Namespaces.Open(request);
        using var container = Rtnl.OpenIn(ns);
        using var host = Rtnl.Open();
        var device = FindHostLink(host, conf);
        var link = DeviceMove.In(host, device, ns, container, request.IfName);
        // Unlike upstream, a failure after the move puts the device back in the host under its own name.
        return Layer3.AddOrRollBack(request, ns, container, link, new Layer3Options
        {
            AllowLayer2 = true,
            Undo = () => DeviceMove.Out(container, ns, host, request.IfName),
        });
    }
}
