using System.Net;
using System.Net.Sockets;
using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Bridge;

public sealed partial class BridgePlugin
{
    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request)
    {
        var conf = Load(request);
        var mac = ConfigLoader.RequestedMac(request) is { } m ? Veth.ParseMac(m) : null;
        var trunk = BridgeVlans.Trunk(conf.VlanTrunk);
        // Everything that can be refused is checked before the host is touched.
        using var ns = Namespaces.Open(request);
        if (request.Config.IpamType.Length > 0)
        {
            _ = PluginPath.Find(request.Config.IpamType, request.PathList);
        }
        using var hostNs = NetNs.OpenCurrent();
        using var host = Rtnl.Open();
        var (bridge, bridgeCreated) = BridgeDevice.Ensure(host, conf, vlanFiltering: conf.Vlan != 0 || trunk is not null);
        using var container = Rtnl.OpenIn(ns);
        Link hostVeth, contVeth;
        try
        {
            (hostVeth, contVeth) = Veth.Create(container, host, hostNs, request.IfName, conf.Mtu, mac, request.Netns);
        }
        catch when (bridgeCreated)
        {
            Cleanup.Try(() => host.Links.Delete(bridge.Index));
            throw;
        }
        Result? ipam = null;
        try
        {
            BridgeDevice.AttachPort(host, hostVeth, bridge, conf, trunk);
            var result = new Result
            {
                Interfaces =
                {
                    new Interface { Name = bridge.Name, Mac = Veth.MacText(bridge.Mac) },
                    new Interface { Name = hostVeth.Name, Mac = Veth.MacText(hostVeth.Mac) },
                    new Interface { Name = request.IfName, Mac = Veth.MacText(contVeth.Mac), Sandbox = request.Netns },
                },
            };
            if (request.Config.IpamType.Length > 0)
            {
                ipam = Delegation.Add(request, request.Config.IpamType);
                ConfigureLayer3(request, conf, ns, host, container, bridge, result, ipam);
            }
            else if (!conf.DisableContainerInterface)
            {
                container.Links.SetUp(contVeth.Index);
            }
            if (!conf.DisableContainerInterface)
            {
                BridgeDevice.WaitForPortUp(host, hostVeth.Index);
            }
            result.Interfaces[0] = result.Interfaces[0] with { Mac = Veth.MacText(host.Links.Get(bridge.Index)?.Mac) };
            result.Interfaces[1] = result.Interfaces[1] with { Mac = Veth.MacText(host.Links.Get(hostVeth.Index)?.Mac) };
            if (!request.Config.Dns.IsEmpty)
            {
                result.Dns = request.Config.Dns;
            }
            return result;
        }
        catch
        {
            // Unlike upstream, a failed ADD leaves nothing: the veth (both ends) and the address reservation go.
            Cleanup.Try(() => container.Links.Delete(contVeth.Index));
            if (bridgeCreated)
            {
                Cleanup.Try(() => host.Links.Delete(bridge.Index));
            }
            if (ipam is not null)
            {
                Cleanup.Try(() => Delegation.Del(request, request.Config.IpamType));
            }
            throw;
        }
    }

    private static void ConfigureLayer3(PluginRequest request, BridgeConfig conf, NetNs ns, Rtnl host, Rtnl container,
        Link bridge, Result result, Result ipam)
    {
        if (ipam.Ips.Count == 0)
        {
            throw new CniException(CniErrorCode.Internal, "IPAM plugin returned missing IP config");
        }
        result.Routes.AddRange(ipam.Routes);
        result.Dns = ipam.Dns;
        var gateways = new List<CidrAddress>();
        var defaultRouteAdded = new HashSet<AddressFamily>();
        foreach (var ip in ipam.Ips)
        {
            var gw = ip.Gateway;
            if (gw is null && conf.IsGateway)
            {
                gw = FirstHost(ip.Address);
            }
            result.Ips.Add(ip with { Interface = 2, Gateway = gw });
            if (gw is null)
            {
                continue;
            }
            var family = InterfaceSetup.Family(ip.Address);
            if (conf.IsDefaultGateway && !defaultRouteAdded.Contains(family) && !HasDefaultRouteWithGateway(result, family))
            {
                var any = family == AddressFamily.InterNetwork ? "0.0.0.0/0" : "::/0";
                result.Routes.Add(new Cni.Route { Dst = CidrAddress.Parse(any), Gw = gw });
                defaultRouteAdded.Add(family);
            }
            if (conf.IsGateway && !gateways.Any(g => InterfaceSetup.Family(g) == family))
            {
                gateways.Add(new CidrAddress(gw, ip.Address.PrefixLength));
            }
        }
        // Sysctl writes only: on this thread, without the thread start of ns.Run.
        ns.RunOnCallingThread(() =>
        {
            if (conf.EnableDad)
            {
                Sysctls.TrySet($"net/ipv6/conf/{request.IfName}/enhanced_dad", "1");
                Sysctls.TrySet($"net/ipv6/conf/{request.IfName}/accept_dad", "1");
            }
            else
            {
                Sysctls.TrySet($"net/ipv6/conf/{request.IfName}/accept_dad", "0");
            }
            Sysctls.TrySet($"net/ipv4/conf/{request.IfName}/arp_notify", "1");
        });
        InterfaceSetup.Configure(ns, container, request.IfName, result);
        if (conf.IsGateway && gateways.Count > 0)
        {
            if (conf.Vlan != 0)
            {
                throw new CniException(CniErrorCode.UnsupportedField, "isGateway with vlan is not supported yet", $"vlan: {conf.Vlan}");
            }
            foreach (var gw in gateways)
            {
                BridgeDevice.EnsureAddress(host, bridge, gw, conf.ForceAddress);
            }
            Sysctls.EnableForwarding(gateways.Any(g => g.IsIPv4), gateways.Any(g => !g.IsIPv4));
        }
        if (conf.IpMasq)
        {
            IpMasq.Setup(conf.IpMasqBackend, result.Ips.Select(i => i.Address).ToList(), request.Config.Name, request.IfName, request.ContainerId);
        }
    }

    private static bool HasDefaultRouteWithGateway(Result result, AddressFamily family) =>
        result.Routes.Any(r => r.Gw is not null && r.Dst.PrefixLength == 0 && InterfaceSetup.Family(r.Dst) == family);

    private static IPAddress FirstHost(CidrAddress address)
    {
        var bytes = address.Network().Address.GetAddressBytes();
        for (int i = bytes.Length - 1; i >= 0 && ++bytes[i] == 0; i--)
        {
        }
        return new IPAddress(bytes);
    }
}
