using System.Net.Sockets;
using Cni.Linux;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Bridge;

/// <summary>The host side: the bridge itself, its ports, VLANs and gateway addresses.</summary>
internal static class BridgeDevice
{
    private static readonly int[] PortUpWaitsMs = [0, 10, 50, 200, 500, 1000, 1000];

    /// <summary>The bridge, made if missing; <c>Created</c> tells whether this call made it (so a failed ADD can remove it).</summary>
    public static (Link Bridge, bool Created) Ensure(Rtnl host, BridgeConfig conf, bool vlanFiltering)
    {
        bool created = false;
        try
        {
            var existing = host.Links.Get(conf.BrName);
            if (existing is null)
            {
                try
                {
                    host.Links.Create(new BridgeSpec
                    {
                        Name = conf.BrName,
                        Mtu = conf.Mtu > 0 ? conf.Mtu : null,
                        VlanFiltering = vlanFiltering ? true : null,
                    });
                    created = true;
                }
                catch (LinuxException e) when (e.Errno == 17)
                {
                    // Another ADD made it first; an existing bridge keeps its settings, as in Go.
                }
                existing = host.Links.Get(conf.BrName) ?? throw new CniException(CniErrorCode.Internal, $"could not lookup \"{conf.BrName}\"");
            }
            if (existing.Kind != "bridge")
            {
                throw new CniException(CniErrorCode.Internal, $"\"{conf.BrName}\" already exists but is not a bridge");
            }
            if (conf.PromiscMode)
            {
                host.Links.SetPromisc(existing.Index, true);
            }
            Sysctls.TrySet($"net/ipv6/conf/{conf.BrName}/accept_ra", "0");
            host.Links.SetUp(existing.Index);
            return (host.Links.Get(existing.Index)!, created);
        }
        catch (LinuxException e)
        {
            throw new CniException(CniErrorCode.Internal, $"failed to create bridge \"{conf.BrName}\": {e.Message}");
        }
    }

    public static void AttachPort(Rtnl host, Link port, Link bridge, BridgeConfig conf, IReadOnlyList<ushort>? trunk)
    {
        host.Links.SetMaster(port.Index, bridge.Index);
        host.Links.SetBridgePort(port.Index, hairpin: conf.HairpinMode, isolated: conf.PortIsolation);
        if (conf.Vlan == 0 && trunk is null)
        {
            return;
        }
        if (!conf.PreserveDefaultVlan)
        {
            host.Links.DeleteBridgeVlan(port.Index, 1);
        }
        if (conf.Vlan != 0)
        {
            host.Links.AddBridgeVlan(port.Index, (ushort)conf.Vlan, pvid: true, untagged: true);
        }
        foreach (var vid in trunk ?? [])
        {
            host.Links.AddBridgeVlan(port.Index, vid);
        }
        if (conf.Vlan == 0 && trunk is not null)
        {
            host.Links.AddBridgeVlan(port.Index, 1, pvid: true, untagged: true);
        }
    }

    /// <summary>Puts the gateway address on the bridge; a different address of the family is an error unless <c>forceAddress</c>.</summary>
    public static void EnsureAddress(Rtnl host, Link bridge, CidrAddress gateway, bool force)
    {
        var family = gateway.IsIPv4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        foreach (var a in host.Addresses.List(bridge.Index, family))
        {
            var existing = new CidrAddress(a.Address, a.PrefixLength);
            if (existing.Address.Equals(gateway.Address) && existing.PrefixLength == gateway.PrefixLength)
            {
                return;
            }
            bool conflicts = gateway.IsIPv4 || existing.Contains(gateway.Address) || gateway.Contains(existing.Address);
            if (!conflicts || a.Address.IsIPv6LinkLocal)
            {
                continue;
            }
            if (!force)
            {
                throw new CniException(CniErrorCode.Internal, $"\"{bridge.Name}\" already has an IP address different from {gateway}");
            }
            host.Addresses.Delete(bridge.Index, a.Address, a.PrefixLength);
        }
        try
        {
            // The gateway address is ours by construction: skipping DAD makes it usable at once instead of a second later.
            var options = gateway.IsIPv4 ? AddressDefaults.For(gateway) : new AddressOptions { Flags = AddressFlags.NoDad };
            host.Addresses.Add(bridge.Index, gateway.Address, gateway.PrefixLength, options);
        }
        catch (LinuxException e) when (e.Errno == 17)
        {
            // Another ADD put it there.
        }
        if (bridge.Mac is { } mac)
        {
            // Pin the MAC the bridge had before this port joined (as Go does), so it no longer follows its lowest-numbered port.
            host.Links.SetMac(bridge.Index, mac);
        }
    }

    public static void WaitForPortUp(Rtnl host, int index)
    {
        LinkOperState state = LinkOperState.Unknown;
        foreach (var ms in PortUpWaitsMs)
        {
            Thread.Sleep(ms);
            state = host.Links.Get(index)?.OperState ?? LinkOperState.NotPresent;
            if (state == LinkOperState.Up)
            {
                return;
            }
        }
        throw new CniException(CniErrorCode.Internal, $"bridge port in error state: {state.ToString().ToLowerInvariant()}");
    }
}
