using Cni.Plugin;

namespace Cni.Plugins.Meta.Portmap;

public sealed partial class PortmapPlugin
{
    /// <summary>
    /// Removes this attachment's rules by name (no namespace or addresses needed, so it works after the netns is gone).
    /// Like Go, a DEL without <c>portMappings</c> does nothing.
    /// </summary>
    public override void Del(PluginRequest request)
    {
        var s = PortmapSettings.Load(request);
        if (s.Mappings.Count == 0)
        {
            return;
        }
        if (s.UseNftables())
        {
            PortmapNftables.Del(s.Network, s.ContainerId);
        }
        else
        {
            PortmapIptables.Del(s.Network, s.ContainerId);
        }
    }
}
