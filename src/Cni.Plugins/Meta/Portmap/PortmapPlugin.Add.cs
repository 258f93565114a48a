using System.Net.Sockets;
using Cni.Linux;
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
        var known = s.KnownBackend();
        if (s.ContainerV4 is { } v4 && s.Snat)
        {
            EnableLocalnetRouting(v4.Address);
        }
        if (known != true)
        {
            try
            {
                foreach (var container in new[] { s.ContainerV4, s.ContainerV6 })
                {
                    if (container is { } c)
                    {
                        PortmapIptables.Add(s, c);
                    }
                }
            }
            catch (CniException) when (known is null && PortmapSettings.FallBackToNftables())
            {
                known = true;
            }
        }
        if (known == true && (s.ContainerV4 is not null || s.ContainerV6 is not null))
        {
            PortmapNftables.Add(s);
        }
        FlushUdpConntrack(s);
        return prev;
    }

    /// <summary>
    /// Like Go: after the rules are in, deletes the conntrack entries of every mapped UDP host port (per family the
    /// container has), so a flow that began before the mapping (e.g. to a previous container on the same port)
    /// does not keep bypassing the new DNAT. Failures do not fail the ADD (Go only logs them).
    /// </summary>
    private static void FlushUdpConntrack(PortmapSettings s)
    {
        var ports = s.Mappings.Where(m => m.Protocol == "udp").Select(m => (ushort)m.HostPort).Distinct().ToList();
        if (ports.Count == 0)
        {
            return;
        }
        foreach (var (container, family) in new[] { (s.ContainerV4, AddressFamily.InterNetwork), (s.ContainerV6, AddressFamily.InterNetworkV6) })
        {
            if (container is null)
            {
                continue;
            }
            foreach (var port in ports)
            {
                try
                {
                    _ = Conntrack.DeleteByDestinationPort(family, UdpProtocol, port);
                }
                catch (Exception e) when (e is LinuxException or InvalidDataException)
                {
                    Console.Error.WriteLine($"portmap: could not delete conntrack entries for udp port {port}: {e.Message}");
                }
            }
        }
    }

    private const byte UdpProtocol = 17;
}
