using Cni.Plugin;

namespace Cni.Plugins.Meta.Portmap;

public sealed partial class PortmapPlugin
{
    /// <summary>
    /// Go's CHECK. With <c>"repair": true</c> (our addition) missing rules are not an error: the attachment's rules are
    /// re-applied (one <c>iptables-restore</c> per family or one <c>nft -f</c>), a line on stderr says so, and CHECK succeeds.
    /// </summary>
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
        try
        {
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
        catch (CniException e) when (s.Repair)
        {
            Repair(s, nft);
            Console.Error.WriteLine($"portmap: repaired the {(nft ? "nftables" : "iptables")} port mappings of {s.ContainerId} on {s.Network} ({e.Msg})");
        }
    }

    private static void Repair(PortmapSettings s, bool nft)
    {
        if (s.ContainerV4 is { } v4 && s.Snat)
        {
            EnableLocalnetRouting(v4.Address);
        }
        if (nft)
        {
            PortmapNftables.Repair(s);
            return;
        }
        foreach (var container in new[] { s.ContainerV4, s.ContainerV6 })
        {
            if (container is { } c)
            {
                PortmapIptables.Add(s, c);
            }
        }
    }
}
