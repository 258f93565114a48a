using System.Net;
using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Sbr;

/// <summary>Source-based routing: a rule per container address sending its traffic to a table of its own.</summary>
public sealed partial class SbrPlugin : Plugin.Plugin
{
    private const uint FirstTableId = 100;

    /// <inheritdoc/>
    public override string Name => "sbr";

    private static (SbrConfig Conf, IPAddress? GatewayV4, IPAddress? GatewayV6) Load(PluginRequest request)
    {
        var conf = ConfigLoader.Load(request, SbrJsonContext.Default.SbrConfig);
        IPAddress? v4 = null, v6 = null;
        if (conf.Gateways is { } gateways)
        {
            if (gateways.Count > 2)
            {
                throw Bad("gateways list cannot contain more than 2 entries (one IPv4, one IPv6)");
            }
            foreach (var text in gateways)
            {
                if (!IPAddress.TryParse(text, out var gw) || text.Contains('/') || text.Contains('%'))
                {
                    throw Bad($"invalid static gateway IP address: {text}");
                }
                gw = gw.IsIPv4MappedToIPv6 ? gw.MapToIPv4() : gw;
                if (gw.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                {
                    v4 = v4 is null ? gw : throw Bad($"gateways list contains multiple IPv4 addresses: {v4} and {gw}");
                }
                else
                {
                    v6 = v6 is null ? gw : throw Bad($"gateways list contains multiple IPv6 addresses: {v6} and {gw}");
                }
            }
        }
        if (conf.Table is < 0)
        {
            throw Bad($"invalid table {conf.Table}");
        }
        return (conf, v4, v6);
    }

    /// <summary>The addresses of the interface: those without an interface index or whose index names <c>CNI_IFNAME</c>.</summary>
    private static List<IPConfig> InterfaceIps(Result prev, string ifName) =>
        [.. prev.Ips.Where(ip => ip.Interface is not { } i || (i >= 0 && i < prev.Interfaces.Count && prev.Interfaces[i].Name == ifName))];

    private static IPNetwork HostPrefix(IPAddress ip) => new(ip, ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);

    /// <summary>
    /// Go's lock: an exclusive <c>flock</c> on the netns file itself, so sbr calls on one namespace (the rule and table
    /// numbering reads then writes) run one at a time, also against Go's sbr. Taken only after the namespace was opened,
    /// so a missing path is an error and is never created as a regular file (Go's <c>O_CREAT</c> does that).
    /// </summary>
    private static FileLock LockNetns(string netns)
    {
        try
        {
            return FileLock.Acquire(netns, Timeout.InfiniteTimeSpan);
        }
        catch (LinuxException e)
        {
            throw new CniException(CniErrorCode.Internal, $"failed to lock {netns}: {e.Message}");
        }
    }

    private static CniException Bad(string msg) => new(CniErrorCode.InvalidNetworkConfig, msg);
}
