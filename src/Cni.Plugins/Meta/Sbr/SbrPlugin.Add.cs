using System.Net;
using System.Net.Sockets;
using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Sbr;

public sealed partial class SbrPlugin
{
    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request)
    {
        var (conf, gwV4, gwV6) = Load(request);
        var prev = request.Config.ParsePrevResult() ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "This plugin must be called as chained plugin");
        var ips = InterfaceIps(prev, request.IfName);
        if (ips.Count == 0)
        {
            throw new CniException(CniErrorCode.Internal, $"No IP addresses supplied on interface: {request.IfName}");
        }
        using var ns = Namespaces.Open(request);
        using var held = LockNetns(request.Netns);
        using var rtnl = Rtnl.OpenIn(ns);
        if (conf.Table is { } fixedTable)
        {
            foreach (var ip in ips)
            {
                Wrap("failed to add rule", () => rtnl.Routes.AddRule(Rule(ip.Address.Address, (uint)fixedTable)));
            }
            return prev;
        }
        var link = rtnl.Links.Get(request.IfName) ?? throw new CniException(CniErrorCode.Internal, $"Cannot find network interface {request.IfName}");
        var rules = rtnl.Routes.ListRules(AddressFamily.InterNetwork).Concat(rtnl.Routes.ListRules(AddressFamily.InterNetworkV6)).ToList();
        var mainRoutes = rtnl.Routes.List().ToList();
        var ifRoutes = mainRoutes.Where(r => r.OutputIndex == link.Index).ToList();
        var table = NextTable(rules, mainRoutes, FirstTableId);
        foreach (var ip in ips)
        {
            var t = table;
            Wrap("Failed to add rule", () => rtnl.Routes.AddRule(Rule(ip.Address.Address, t)));
            var gw = (ip.Address.IsIPv4 ? gwV4 : gwV6) ?? ip.Gateway;
            if (gw is not null)
            {
                var any = ip.Address.IsIPv4 ? new IPNetwork(IPAddress.Any, 0) : new IPNetwork(IPAddress.IPv6Any, 0);
                Wrap($"Failed to add default route to {gw}", () => rtnl.Routes.Add(new Linux.Route { Destination = any, Gateway = gw, Table = t, OutputIndex = link.Index }));
            }
            foreach (var r in ifRoutes)
            {
                // Routes through or from this address, and generic ones (neither source nor gateway), move to the table.
                if ((r.Source is { } src && ip.Address.Contains(src)) || (r.Gateway is { } rgw && ip.Address.Contains(rgw)) || (r.Source is null && r.Gateway is null))
                {
                    Wrap("Failed to readd route", () => rtnl.Routes.Replace(r with { Table = t }));
                }
            }
            table = NextTable(rules, mainRoutes, table + 1);
        }
        if (conf.AddSourceHints)
        {
            AddSourceHints(rtnl, link, ips, ifRoutes);
        }
        else
        {
            foreach (var r in ifRoutes)
            {
                Wrap("Failed to delete route", () => rtnl.Routes.Delete(r));
            }
        }
        return prev;
    }

    /// <summary>Keeps the connected routes in main with the container address as source hint; only other routes leave main.</summary>
    private static void AddSourceHints(Rtnl rtnl, Link link, List<IPConfig> ips, List<Linux.Route> ifRoutes)
    {
        foreach (var ip in ips)
        {
            var net = ip.Address.Network();
            TryWarn(() => rtnl.Routes.Replace(new Linux.Route
            {
                Destination = new IPNetwork(net.Address, net.PrefixLength),
                OutputIndex = link.Index,
                Source = ip.Address.Address,
                Scope = RouteScope.Link,
            }));
        }
        foreach (var r in ifRoutes.Where(r => r.Scope != RouteScope.Link))
        {
            TryWarn(() => rtnl.Routes.Delete(r));
        }
    }

    private static uint NextTable(List<Linux.Rule> rules, List<Linux.Route> routes, uint candidate)
    {
        while (rules.Any(r => r.Table == candidate) || routes.Any(r => r.Table == candidate))
        {
            candidate++;
        }
        return candidate;
    }

    private static Linux.Rule Rule(IPAddress ip, uint table) => new()
    {
        Family = ip.AddressFamily,
        Table = table,
        Source = HostPrefix(ip),
    };

    private static void Wrap(string what, Action action)
    {
        try
        {
            action();
        }
        catch (LinuxException e)
        {
            throw new CniException(CniErrorCode.Internal, $"{what}: {e.Message}");
        }
    }

    private static void TryWarn(Action action)
    {
        try
        {
            action();
        }
        catch (LinuxException e)
        {
            Console.Error.WriteLine("sbr: " + e.Message);
        }
    }
}
