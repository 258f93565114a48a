using System.Net;
using Cni.Linux;

namespace Cni.Plugins.Meta.Portmap;

/// <summary>Forwards host ports to the container (the <c>portMappings</c> capability), through iptables or nftables.</summary>
public sealed partial class PortmapPlugin : Plugin.Plugin
{
    /// <inheritdoc/>
    public override string Name => "portmap";

    /// <summary>
    /// Lets 127.0.0.1 be DNATed to the container: <c>route_localnet=1</c> on the host interface that routes to it
    /// (longest-prefix match in the main table, as <c>ip route get</c> would answer for a directly connected container).
    /// </summary>
    private static void EnableLocalnetRouting(IPAddress container)
    {
        using var host = Rtnl.Open();
        var route = host.Routes.List(System.Net.Sockets.AddressFamily.InterNetwork)
            .Where(r => r.OutputIndex is not null && r.Destination.Contains(container))
            .OrderByDescending(r => r.Destination.PrefixLength)
            .FirstOrDefault();
        if (route is null || host.Links.Get(route.OutputIndex!.Value) is not { } link)
        {
            return;
        }
        var key = $"net/ipv4/conf/{link.Name}/route_localnet";
        try
        {
            if (Sysctl.Get(key) != "1")
            {
                Sysctl.Set(key, "1");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CniException(CniErrorCode.Internal, "unable to enable route_localnet: " + e.Message);
        }
    }
}
