using Cni.Plugin;

namespace Cni.Plugins.Meta.Portmap;

public sealed partial class PortmapPlugin
{
    /// <inheritdoc/>
    public override void Check(PluginRequest request)
    {
        var s = PortmapSettings.Load(request);
        if (s.Prev is null)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "Required prevResult missing");
        }
        if (s.Mappings.Count == 0)
        {
            return;
        }
        var nft = s.UseNftables();
        foreach (var container in new[] { s.ContainerV4, s.ContainerV6 })
        {
            if (container is not { } c)
            {
                continue;
            }
            if (nft)
            {
                PortmapNftables.Check(s, c);
            }
            else
            {
                PortmapIptables.Check(s, c);
            }
        }
    }
}
