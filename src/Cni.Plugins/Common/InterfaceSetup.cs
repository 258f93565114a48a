using System.Net;
using System.Net.Sockets;
using Cni.Linux;
using LinuxRoute = Cni.Linux.Route;

namespace Cni.Plugins.Common;

/// <summary>Go's <c>ipam.ConfigureIface</c>: the result's addresses and routes on the container interface, then link up.</summary>
internal static class InterfaceSetup
{
    private static readonly TimeSpan DadDeadline = TimeSpan.FromSeconds(5);

    public static void Configure(NetNs ns, Rtnl rtnl, string ifName, Result result)
    {
        if (result.Interfaces.Count == 0)
        {
            throw new CniException(CniErrorCode.Internal, "no interfaces to configure");
        }
        var link = rtnl.Links.Get(ifName) ?? throw new CniException(CniErrorCode.Internal, $"failed to lookup \"{ifName}\"");
        IPAddress? gw4 = null, gw6 = null;
        bool v6Prepared = false;
        foreach (var ip in result.Ips)
        {
            if (ip.Interface is not { } idx)
            {
                continue;
            }
            if (idx < 0 || idx >= result.Interfaces.Count || result.Interfaces[idx].Name != ifName)
            {
                throw new CniException(CniErrorCode.Internal, $"failed to add IP addr {ip.Address} to \"{ifName}\": invalid interface index");
            }
            if (!ip.Address.IsIPv4 && !v6Prepared)
            {
                // Sysctl reads and writes only: on this thread, without the thread start of ns.Run. Warnings are
                // printed after returning, so the console never starts its signal thread inside the namespace.
                foreach (var warning in ns.RunOnCallingThread(() => PrepareIPv6(ifName)))
                {
                    Console.Error.WriteLine(warning);
                }
                v6Prepared = true;
            }
            try
            {
                rtnl.Addresses.Add(link.Index, ip.Address.Address, ip.Address.PrefixLength, AddressDefaults.For(ip.Address));
            }
            catch (LinuxException e)
            {
                throw new CniException(CniErrorCode.Internal, $"failed to add IP addr {ip.Address} to \"{ifName}\": {e.ErrorText}");
            }
            if (ip.Address.IsIPv4) gw4 ??= ip.Gateway;
            else gw6 ??= ip.Gateway;
        }
        rtnl.Links.SetUp(link.Index);
        if (gw6 is not null)
        {
            rtnl.Addresses.WaitForDad(link.Index, DadDeadline);
        }
        foreach (var r in result.Routes)
        {
            var gw = r.Gw ?? (r.Dst.IsIPv4 ? gw4 : gw6);
            var route = ToKernel(r, gw, link.Index);
            try
            {
                rtnl.Routes.Add(route);
            }
            catch (LinuxException e)
            {
                throw new CniException(CniErrorCode.Internal,
                    $"failed to add route '{r.Dst} via {gw} dev {ifName} metric {r.Priority} (Scope: {r.Scope}, Table: {r.Table})': {e.ErrorText}");
            }
        }
    }

    public static LinuxRoute ToKernel(Cni.Route r, IPAddress? gw, int oif)
    {
        var net = r.Dst.Network();
        return new LinuxRoute
        {
            Destination = new IPNetwork(net.Address, net.PrefixLength),
            Gateway = gw,
            OutputIndex = oif,
            Priority = r.Priority > 0 ? (uint)r.Priority : null,
            Table = r.Table is { } t ? (uint)t : 254,
            Scope = r.Scope is { } s ? (RouteScope)s : RouteScope.Universe,
        };
    }

    // IPv6 may be disabled per interface (some hosts default to it); keep_addr_on_down keeps addresses across a down/up.
    // Runs inside the container's namespace: returns its warnings instead of writing them (no console in there).
    private static List<string> PrepareIPv6(string ifName)
    {
        var warnings = new List<string>();
        foreach (var name in new[] { "lo", ifName })
        {
            string key = $"net/ipv6/conf/{name}/disable_ipv6";
            string current;
            try
            {
                current = Sysctl.Get(key).Trim();
            }
            catch (IOException e)
            {
                warnings.Add($"failed to read {key}: {e.Message}");
                continue;
            }
            if (current != "0")
            {
                Sysctl.Set(key, "0");
            }
        }
        Sysctl.Set($"net/ipv6/conf/{ifName}/keep_addr_on_down", "1");
        return warnings;
    }

    /// <summary>The address family of a result address, for per-family bookkeeping.</summary>
    public static AddressFamily Family(CidrAddress a) => a.IsIPv4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
}
