using System.Net;
using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;
using LinuxRoute = Cni.Linux.Route;

namespace Cni.Plugins.Main.Ptp;

public sealed partial class PtpPlugin
{
    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request)
    {
        var conf = Load(request);
        using var ns = Namespaces.Open(request);
        var ipam = Delegation.Add(request, request.Config.IpamType);
        Rtnl? container = null;
        Link? contVeth = null;
        bool masq = false;
        try
        {
            if (ipam.Ips.Count == 0)
            {
                throw new CniException(CniErrorCode.Internal, "IPAM plugin returned missing IP config");
            }
            EnableForwarding(ipam);
            using var hostNs = NetNs.OpenCurrent();
            using var host = Rtnl.Open();
            container = Rtnl.OpenIn(ns);
            (var hostVeth, contVeth) = Veth.Create(container, host, hostNs, request.IfName, conf.Mtu, null, request.Netns);
            var result = new Result
            {
                Interfaces =
                {
                    new Interface { Name = hostVeth.Name, Mac = Veth.MacText(hostVeth.Mac) },
                    new Interface { Name = request.IfName, Mac = Veth.MacText(contVeth.Mac), Sandbox = request.Netns },
                },
                Ips = [.. ipam.Ips.Select(ip => ip with { Interface = 1 })],
                Routes = [.. ipam.Routes],
                Dns = DnsIsSet(request.Config.Dns) ? request.Config.Dns : ipam.Dns,
            };
            // The only neighbour on this link is the host end: duplicate address detection would just delay ADD.
            // One sysctl write: on this thread, without the thread start of ns.Run.
            ns.RunOnCallingThread(() => Sysctls.TrySet($"net/ipv6/conf/{request.IfName}/accept_dad", "0"));
            InterfaceSetup.Configure(ns, container, request.IfName, result);
            RouteViaGateways(container, contVeth.Index, result);
            ConfigureHostEnd(host, hostVeth, result);
            if (conf.IpMasq)
            {
                masq = true;
                IpMasq.Setup(conf.IpMasqBackend, [.. result.Ips.Select(i => i.Address)], request.Config.Name, request.IfName, request.ContainerId);
            }
            return result;
        }
        catch
        {
            // Unlike upstream, a failed ADD leaves nothing: veth, NAT rules and the address reservation go.
            if (contVeth is not null)
            {
                Cleanup.Try(() => container!.Links.Delete(contVeth.Index));
            }
            if (masq)
            {
                Cleanup.Try(() => IpMasq.Teardown([.. ipam.Ips.Select(i => i.Address)], request.Config.Name, request.IfName, request.ContainerId));
            }
            Cleanup.Try(() => Delegation.Del(request, request.Config.IpamType));
            throw;
        }
        finally
        {
            container?.Dispose();
        }
    }

    private static void EnableForwarding(Result ipam)
    {
        try
        {
            Sysctls.EnableForwarding(ipam.Ips.Any(i => i.Address.IsIPv4), ipam.Ips.Any(i => !i.Address.IsIPv4));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LinuxException)
        {
            throw new CniException(CniErrorCode.Internal, $"Could not enable IP forwarding: {e.Message}");
        }
    }

    /// <summary>Replaces each connected route by <c>gw/32 scope link</c> plus <c>subnet via gw</c>: all traffic goes to the host.</summary>
    private static void RouteViaGateways(Rtnl container, int index, Result result)
    {
        foreach (var ip in result.Ips)
        {
            var gw = GatewayOf(ip);
            var subnet = ip.Address.Network();
            var subnetNet = new IPNetwork(subnet.Address, subnet.PrefixLength);
            try
            {
                container.Routes.Delete(new LinuxRoute { Destination = subnetNet, OutputIndex = index });
            }
            catch (LinuxException e)
            {
                throw new CniException(CniErrorCode.Internal, $"failed to delete route {subnet}: {e.ErrorText}");
            }
            try
            {
                container.Routes.Add(new LinuxRoute { Destination = HostNet(gw), OutputIndex = index, Scope = RouteScope.Link, Source = ip.Address.Address });
                container.Routes.Add(new LinuxRoute { Destination = subnetNet, Gateway = gw, OutputIndex = index, Source = ip.Address.Address });
            }
            catch (LinuxException e)
            {
                throw new CniException(CniErrorCode.Internal, $"failed to add route {e.Message}");
            }
        }
    }

    /// <summary>The gateway as a /32 (/128) on the host end, and a host route to each container address.</summary>
    private static void ConfigureHostEnd(Rtnl host, Link hostVeth, Result result)
    {
        foreach (var ip in result.Ips)
        {
            var gw = GatewayOf(ip);
            try
            {
                // The same gateway address sits on every ptp host end; DAD on it would only delay the first packets.
                host.Addresses.Add(hostVeth.Index, gw, ip.Address.IsIPv4 ? 32 : 128, new AddressOptions { Flags = AddressFlags.NoDad });
            }
            catch (LinuxException e)
            {
                throw new CniException(CniErrorCode.Internal, $"failed to add IP addr ({gw}) to veth: {e.ErrorText}");
            }
            try
            {
                host.Routes.Add(new LinuxRoute { Destination = HostNet(ip.Address.Address), OutputIndex = hostVeth.Index, Scope = RouteScope.Host });
            }
            catch (LinuxException e) when (e.Errno == 17)
            {
                // Go ignores an existing host route.
            }
            catch (LinuxException e)
            {
                throw new CniException(CniErrorCode.Internal, $"failed to add route on host: {e.ErrorText}");
            }
        }
    }

    private static IPAddress GatewayOf(IPConfig ip) =>
        ip.Gateway ?? throw new CniException(CniErrorCode.Internal, $"IPAM plugin returned no gateway for {ip.Address}: ptp routes through it");

    private static IPNetwork HostNet(IPAddress a) => new(a, a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);

    private static bool DnsIsSet(Dns dns) =>
        dns.Nameservers is not null || dns.Search is not null || dns.Options is not null || !string.IsNullOrEmpty(dns.Domain);
}
