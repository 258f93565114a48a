using Cni.Linux;
using Cni.Plugin;

namespace Cni.Plugins.Meta.Bandwidth;

public sealed partial class BandwidthPlugin
{
    /// <summary>Removes the ifb; the host veth's qdiscs go with the veth. Needs no namespace.</summary>
    public override void Del(PluginRequest request)
    {
        _ = Load(request);
        using var host = Rtnl.Open();
        if (host.Links.Get(IfbName(request.Config.Name, request.ContainerId)) is { Kind: "ifb" } ifb)
        {
            try
            {
                host.Links.Delete(ifb.Index);
            }
            catch (LinuxException e) when (e.Errno == 19)
            {
                // ENODEV: another DEL got there first.
            }
        }
    }
}
