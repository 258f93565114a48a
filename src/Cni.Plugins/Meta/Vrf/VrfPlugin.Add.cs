using System.Net;
using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Vrf;

public sealed partial class VrfPlugin
{
    private const int LocalRouteTries = 9;

    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request)
    {
        var conf = Load(request);
        var prev = request.Config.ParsePrevResult() ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "missing prevResult from earlier plugin");
        using var ns = Namespaces.Open(request);
        using var rtnl = Rtnl.OpenIn(ns);
        var vrf = FindVrf(rtnl, conf.VrfName!, "cmdAdd failed: ");
        if (vrf is not null && conf.Table != 0 && vrf.VrfTable != conf.Table)
        {
            throw Failed($"VRF {conf.VrfName} already exist with different routing table {vrf.VrfTable}");
        }
        var created = vrf is null;
        vrf ??= CreateVrf(rtnl, conf.VrfName!, conf.Table);
        try
        {
            Enslave(rtnl, vrf, request.IfName);
        }
        catch when (created)
        {
            // A VRF this call made and could not use is not left behind.
            TryDelete(rtnl, vrf);
            throw;
        }
        return prev;
    }

    private static Link CreateVrf(Rtnl rtnl, string name, uint table)
    {
        if (table == 0)
        {
            table = FreeTable(rtnl.Links.List());
        }
        try
        {
            var vrf = rtnl.Links.Create(new VrfSpec { Name = name, Table = table })!;
            rtnl.Links.SetUp(vrf.Index);
            return vrf;
        }
        catch (LinuxException e)
        {
            throw Failed($"could not add VRF {name}: {e.Message}");
        }
    }

    /// <summary>
    /// Makes the VRF the interface's master. Enslaving cycles the device, so the kernel drops its routes and, unless
    /// keep_addr_on_down, its IPv6 addresses: those are saved first and put back, the routes into the VRF's table.
    /// </summary>
    private static void Enslave(Rtnl rtnl, Link vrf, string ifName)
    {
        var link = rtnl.Links.Get(ifName) ?? throw Failed($"could not get link by name {ifName}");
        if (link.MasterIndex is { } m and not 0)
        {
            var master = rtnl.Links.Get(m)?.Name ?? m.ToString(System.Globalization.CultureInfo.InvariantCulture);
            throw Failed($"interface {ifName} has already a master set: {master}");
        }
        var table = vrf.VrfTable ?? rtnl.Links.Get(vrf.Index)?.VrfTable ?? 0;
        var addresses = rtnl.Addresses.List(link.Index).Where(a => a.Scope == RouteScope.Universe).ToList();
        // Universe scope leaves out the local and connected routes the kernel recreates itself, and keeps the IPAM
        // routes, which carry no source address (the v1.9.1 fix of upstream's src filter).
        var routes = rtnl.Routes.List(outputIndex: link.Index).Where(r => r.Scope == RouteScope.Universe).ToList();
        try
        {
            rtnl.Links.SetMaster(link.Index, vrf.Index);
        }
        catch (LinuxException e)
        {
            throw Failed($"could not set vrf {vrf.Name} as master of {ifName}: {e.Message}");
        }
        var after = rtnl.Addresses.List(link.Index);
        foreach (var a in addresses.Where(a => !after.Any(x => x.Address.Equals(a.Address) && x.PrefixLength == a.PrefixLength)))
        {
            Restore(rtnl, link, vrf, table, a);
        }
        foreach (var r in routes)
        {
            try
            {
                rtnl.Routes.Replace(r with { Table = table });
            }
            catch (LinuxException e)
            {
                throw Failed($"could not add route '{r.Destination}{(r.Gateway is null ? "" : " via " + r.Gateway)}' in table {table}: {e.Message}");
            }
        }
    }

    /// <summary>Puts a dropped address back and waits until its local route is in the VRF table (Go: 10 ms doubling, ≈2.5 s).</summary>
    private static void Restore(Rtnl rtnl, Link link, Link vrf, uint table, IfAddress a)
    {
        try
        {
            rtnl.Addresses.Add(link.Index, a.Address, a.PrefixLength, new AddressOptions
            {
                Broadcast = a.Broadcast,
                Flags = a.Flags & (AddressFlags.NoDad | AddressFlags.NoPrefixRoute),
            });
        }
        catch (LinuxException e)
        {
            throw Failed($"could not restore address {a} to {link.Name} @ {vrf.Name}: {e.Message}");
        }
        var host = new IPNetwork(a.Address, a.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
        for (var attempt = 0; ; attempt++)
        {
            if (rtnl.Routes.List(a.Address.AddressFamily, table, link.Index).Any(r => r.Destination == host))
            {
                return;
            }
            if (attempt == LocalRouteTries - 1)
            {
                throw Failed($"failed getting local/host addresses for {link.Name} in table {table} with dst {host}");
            }
            Thread.Sleep(10 << attempt);
        }
    }

    private static void TryDelete(Rtnl rtnl, Link vrf)
    {
        try
        {
            rtnl.Links.Delete(vrf.Index);
        }
        catch (LinuxException e)
        {
            Console.Error.WriteLine($"vrf: removing {vrf.Name} after a failed ADD: {e.Message}");
        }
    }
}
