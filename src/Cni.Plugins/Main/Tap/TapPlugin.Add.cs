using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Tap;

public sealed partial class TapPlugin
{
    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request)
    {
        var (conf, mac) = Load(request);
        using var ns = Namespaces.Open(request);
        using var container = Rtnl.OpenIn(ns);
        if (container.Links.Get(request.IfName) is not null)
        {
            throw new CniException(CniErrorCode.Internal, $"failed to create tap: interface \"{request.IfName}\" already exists in {request.Netns}");
        }
        try
        {
            // Go's ioctl path (owner and group both set) adds IFF_VNET_HDR; its "ip tuntap" path does not.
            bool vnetHdr = conf.Owner is not null && conf.Group is not null;
            Linux.Tap.Create(request.IfName, new TapOptions { MultiQueue = conf.MultiQueue, VnetHdr = vnetHdr, Owner = conf.Owner, Group = conf.Group }, ns);
        }
        catch (LinuxException e)
        {
            throw new CniException(CniErrorCode.Internal, $"failed to create tap: {e.Message}");
        }
        var link = container.Links.Get(request.IfName) ?? throw new CniException(CniErrorCode.Internal, $"failed to refetch tap \"{request.IfName}\"");
        try
        {
            if (conf.Mtu > 0)
            {
                container.Links.SetMtu(link.Index, conf.Mtu);
            }
            if (mac is not null)
            {
                container.Links.SetMac(link.Index, mac);
            }
            if (!string.IsNullOrEmpty(conf.Bridge))
            {
                Enslave(container, link, request.IfName, conf.Bridge);
            }
            container.Links.SetUp(link.Index);
            link = container.Links.Get(link.Index) ?? throw new CniException(CniErrorCode.Internal, $"failed to refetch tap \"{request.IfName}\"");
        }
        catch (Exception e)
        {
            Cleanup.Try(() => container.Links.Delete(link.Index));
            if (e is LinuxException le)
            {
                throw new CniException(CniErrorCode.Internal, $"failed to set up tap \"{request.IfName}\": {le.Message}");
            }
            throw;
        }
        return Layer3.AddOrRollBack(request, ns, container, link, new Layer3Options { AllowLayer2 = true, ArpNotify = true });
    }

    private static void Enslave(Rtnl container, Link tap, string ifName, string bridgeName)
    {
        var bridge = container.Links.Get(bridgeName);
        if (bridge is null || bridge.Kind != "bridge")
        {
            throw new CniException(CniErrorCode.Internal, $"failed to get bridge {bridgeName}: Link not found");
        }
        try
        {
            container.Links.SetMaster(tap.Index, bridge.Index);
        }
        catch (LinuxException e)
        {
            throw new CniException(CniErrorCode.Internal, $"failed to set tap {ifName} as a port of bridge {bridgeName}: {e.ErrorText}");
        }
    }
}
