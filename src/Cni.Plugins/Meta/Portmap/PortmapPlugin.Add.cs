using Cni.Plugin;

namespace Cni.Plugins.Meta.Portmap;

public sealed partial class PortmapPlugin
{
    /// <summary>Installs the mappings of every family the container has an address of; nothing is exec'd without mappings.</summary>
    public override ICniResult Add(PluginRequest request)
    {
        var s = PortmapSettings.Load(request);
        var prev = s.Prev ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "must be called as chained plugin", "the config has no prevResult");
        if (s.Mappings.Count == 0)
        {
            if (s.Backend is not null || s.HasBackendOptions)
            {
                _ = s.UseNftables();
            }
            return prev;
        }
        var nft = s.UseNftables();
        if (s.ContainerV4 is { } v4 && s.Snat)
        {
            EnableLocalnetRouting(v4.Address);
        }
        if (nft)
        {
            if (s.ContainerV4 is not null || s.ContainerV6 is not null)
            {
                PortmapNftables.Add(s);
            }
        }
        else
        {
            foreach (var container in new[] { s.ContainerV4, s.ContainerV6 })
            {
                if (container is { } c)
                {
                    PortmapIptables.Add(s, c);
                }
            }
        }
        return prev;
    }
}
