using Cni.Linux;
using Cni.Plugin;

namespace Cni.Plugins.Common;

/// <summary>
/// The shared second half of the single-interface plugins (macvlan, ipvlan, vlan, dummy, tap, host-device): the
/// interface in the result, addresses from IPAM (or a chained prevResult) configured on it, or just link up for L2;
/// and on any failure the link and the reservation undone, which upstream often forgets.
/// </summary>
internal static class Layer3
{
    public static Result AddOrRollBack(PluginRequest request, NetNs ns, Rtnl container, Link link, Layer3Options options)
    {
        bool reserved = false;
        try
        {
            var result = new Result
            {
                Interfaces = { new Interface { Name = request.IfName, Mac = Veth.MacText(link.Mac), Sandbox = request.Netns } },
                Dns = request.Config.Dns,
            };
            Result? source = options.Chained;
            if (source is null && (request.Config.IpamType.Length > 0 || !options.AllowLayer2))
            {
                source = IpamAdd(request, options.IpamErrorPrefix);
                reserved = true;
            }
            if (source is null)
            {
                container.Links.SetUp(link.Index);
                return result;
            }
            if (source.Ips.Count == 0)
            {
                throw new CniException(CniErrorCode.Internal, "IPAM plugin returned missing IP config");
            }
            result.Ips.AddRange(source.Ips.Select(ip => ip with { Interface = 0 }));
            result.Routes.AddRange(source.Routes);
            if (options.DnsFromIpam)
            {
                result.Dns = source.Dns;
            }
            if (options.ArpNotify)
            {
                // Two sysctl writes: on this thread, without the thread start of ns.Run.
                ns.RunOnCallingThread(() =>
                {
                    Sysctls.TrySet($"net/ipv4/conf/{request.IfName}/arp_notify", "1");
                    Sysctls.TrySet($"net/ipv6/conf/{request.IfName}/ndisc_notify", "1");
                });
            }
            InterfaceSetup.Configure(ns, container, request.IfName, result);
            return result;
        }
        catch
        {
            Cleanup.Try(options.Undo ?? (() => container.Links.Delete(link.Index)));
            if (reserved)
            {
                Cleanup.Try(() => Delegation.Del(request, request.Config.IpamType));
            }
            throw;
        }
    }

    /// <summary>
    /// DEL: the container link first (so the address is never reused while it is still in place, upstream #666),
    /// then the reservation. An empty, gone or stale <c>CNI_NETNS</c> still releases the address.
    /// </summary>
    public static void DeleteLinkThenRelease(PluginRequest request, bool ipamAlways = false)
    {
        using (var ns = Namespaces.OpenForDel(request))
        {
            if (ns is not null)
            {
                using var container = Rtnl.OpenIn(ns);
                _ = ContainerLink.Delete(container, request.IfName);
            }
        }
        if (ipamAlways || request.Config.IpamType.Length > 0)
        {
            Delegation.Del(request, request.Config.IpamType);
        }
    }

    private static Result IpamAdd(PluginRequest request, string? errorPrefix)
    {
        try
        {
            return Delegation.Add(request, request.Config.IpamType);
        }
        catch (CniException e) when (errorPrefix is not null)
        {
            throw new CniException(CniErrorCode.Internal, errorPrefix + e.Msg);
        }
    }
}
