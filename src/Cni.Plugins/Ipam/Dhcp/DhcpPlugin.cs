using Cni.Plugin;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>
/// The dhcp IPAM plugin: a thin client of the dhcp daemon (<c>dhcp daemon</c>, same binary), which acquires and keeps
/// leases from inside the container's namespace.
/// </summary>
internal sealed partial class DhcpPlugin : Plugin.Plugin, ICommandLinePlugin
{
    private static readonly TimeSpan s_callTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan s_statusTimeout = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    public override string Name => "dhcp";

    /// <inheritdoc/>
    public int? RunCommandLine(IReadOnlyList<string> args) =>
        args.Count > 0 && args[0] == "daemon" ? DhcpDaemon.Run([.. args.Skip(1)]) : null;

    private static ICniResult? Call(string method, PluginRequest request, DhcpConfig conf, TimeSpan timeout)
    {
        var call = new DaemonRequest
        {
            Method = method,
            ContainerId = request.ContainerId,
            Netns = request.Netns.Length == 0 ? "" : Path.GetFullPath(request.Netns),
            IfName = request.IfName,
            Args = request.Args,
            Config = request.StdinData,
        };
        return DaemonConnection.Call(conf.SocketPath, call, timeout);
    }
}
