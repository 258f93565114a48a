using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.HostDevice;

public sealed partial class HostDevicePlugin
{
    /// <summary>
    /// Moves the device back and then releases the address. Unlike upstream, an empty or gone <c>CNI_NETNS</c>, or a
    /// device already gone, still releases the address (upstream #1196) and DEL can be repeated.
    /// </summary>
    public override void Del(PluginRequest request)
    {
        _ = ConfigLoader.Load(request, HostDeviceJsonContext.Default.HostDeviceConfig);
        using (var ns = Namespaces.OpenForDel(request))
        {
            if (ns is not null)
            {
                using var container = Rtnl.OpenIn(ns);
                using var host = Rtnl.Open();
                _ = DeviceMove.Out(container, ns, host, request.IfName);
            }
        }
        if (request.Config.IpamType.Length > 0)
        {
            Delegation.Del(request, request.Config.IpamType);
        }
    }
}
