using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Tuning;

public sealed partial class TuningPlugin
{
    /// <inheritdoc/>
    public override void Check(PluginRequest request)
    {
        var settings = TuningSettings.Load(request);
        _ = request.Config.ParsePrevResult() ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "Required prevResult missing");
        using var ns = Namespaces.Open(request);
        ns.RunOnCallingThread(() =>
        {
            foreach (var (key, sysctlFile, value) in settings.Sysctls)
            {
                // IFNAME names the interface as tuning left it (renamed by ifName, if set).
                var file = settings.NewName is { } renamed ? TuningSettings.SysctlFile(key, renamed) : sysctlFile;
                var current = File.ReadAllText(file);
                current = current.EndsWith('\n') ? current[..^1] : current;
                if (current != value)
                {
                    throw Fail($"Error: Tuning configured value of {file} is {value}, current value is {current}");
                }
            }
        });
        using var rtnl = Rtnl.OpenIn(ns);
        var name = settings.NewName ?? request.IfName;
        var link = rtnl.Links.Get(name) ?? throw Fail($"Cannot find container link {name}");
        if (settings.Mac is { } mac && !string.Equals(mac, Veth.MacText(link.Mac), StringComparison.OrdinalIgnoreCase))
        {
            throw Fail($"Error: Tuning configured Ethernet of {request.IfName} is {mac}, current value is {Veth.MacText(link.Mac)}");
        }
        if (settings.Promisc != IsPromisc(link))
        {
            throw Fail($"Error: Tuning link {request.IfName} configured promisc is {Go(settings.Promisc)}, current value is {(IsPromisc(link) ? 1 : 0)}");
        }
        if (settings.Mtu != 0 && settings.Mtu != link.Mtu)
        {
            throw Fail($"Error: Tuning configured MTU of {request.IfName} is {settings.Mtu}, current value is {link.Mtu}");
        }
        if (settings.Allmulti is { } allmulti && allmulti != IsAllMulti(link))
        {
            throw Fail($"Error: Tuning configured all-multicast mode of {request.IfName} is {Go(allmulti)}, current value is {Go(IsAllMulti(link))}");
        }
        if (settings.TxQLen is { } txQLen && txQLen != link.TxQueueLen)
        {
            throw Fail($"Error: Tuning configured Transmit Queue Length of {request.IfName} is {txQLen}, current value is {link.TxQueueLen}");
        }
    }

    private static string Go(bool b) => b ? "true" : "false";

    private static CniException Fail(string msg) => new(CniErrorCode.Internal, msg);
}
