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
        var known = s.KnownBackend();
        if (known == true)
        {
            PortmapNftables.Del(s.Network, s.ContainerId);
            return;
        }
        // With a prevResult, only the families the container had can hold its rules (no ip6tables-save for IPv4-only).
        var families = s.Prev is null ? [true, false] : new[] { (true, s.ContainerV4), (false, s.ContainerV6) }.Where(f => f.Item2 is not null).Select(f => f.Item1).ToArray();
        if (families.Length == 0)
        {
            return;
        }
        try
        {
            if (!PortmapIptables.Del(s, families) && known is null && PortmapSettings.FallBackToNftables())
            {
                PortmapNftables.Del(s.Network, s.ContainerId);
            }
        }
        catch (CniException) when (known is null && PortmapSettings.FallBackToNftables())
        {
            PortmapNftables.Del(s.Network, s.ContainerId);
        }
    }
}
