using Cni.Plugin;

namespace Cni.Plugins.Ipam.Dhcp;

internal sealed partial class DhcpPlugin
{
    /// <summary>Asks the daemon for a lease (an existing one for the same attachment is returned as is).</summary>
    public override ICniResult Add(PluginRequest request)
    {
        var conf = DhcpConfig.Parse(request.StdinData.Span, request.Args);
        return Wrap("error calling DHCP.Allocate: ", () => Call(DaemonMethods.Allocate, request, conf, s_callTimeout))
               ?? throw new CniException(CniErrorCode.Internal, "error calling DHCP.Allocate: the daemon returned no result");
    }

    /// <summary>Releases the lease; succeeds when there is none, fails when the daemon cannot be reached (as in Go).</summary>
    public override void Del(PluginRequest request)
    {
        var conf = DhcpConfig.Parse(request.StdinData.Span, request.Args);
        Wrap("error calling DHCP.Release: ", () => Call(DaemonMethods.Release, request, conf, s_callTimeout));
    }

    /// <summary>Checks that the daemon still holds and maintains the lease that <c>prevResult</c> reports.</summary>
    public override void Check(PluginRequest request)
    {
        var conf = DhcpConfig.Parse(request.StdinData.Span, request.Args);
        Wrap("error calling DHCP.Check: ", () => Call(DaemonMethods.Check, request, conf, s_callTimeout));
    }

    /// <summary>Releases this network's leases whose attachments are not in <c>cni.dev/valid-attachments</c>.</summary>
    public override void Gc(PluginRequest request)
    {
        var conf = DhcpConfig.Parse(request.StdinData.Span, request.Args);
        Wrap("error calling DHCP.GC: ", () => Call(DaemonMethods.Gc, request, conf, s_callTimeout));
    }

    /// <summary>Code 50 unless the daemon answers on its socket.</summary>
    public override void Status(PluginRequest request)
    {
        var conf = DhcpConfig.Parse(request.StdinData.Span, request.Args);
        try
        {
            Call(DaemonMethods.Status, request, conf, s_statusTimeout);
        }
        catch (CniException e)
        {
            throw new CniException(CniErrorCode.PluginNotAvailable, $"DHCP daemon not available at {conf.SocketPath}", e.Msg);
        }
    }

    private static ICniResult? Wrap(string prefix, Func<ICniResult?> call)
    {
        try
        {
            return call();
        }
        catch (CniException e) when (!e.Msg.StartsWith("error dialing", StringComparison.Ordinal))
        {
            throw new CniException(e.Code, prefix + e.Msg, e.Details.Length > 0 ? e.Details : null, e);
        }
    }
}
