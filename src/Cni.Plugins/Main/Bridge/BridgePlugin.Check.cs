using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Bridge;

public sealed partial class BridgePlugin
{
    /// <inheritdoc/>
    public override void Check(PluginRequest request)
    {
        var conf = Load(request);
        using var ns = Namespaces.Open(request);
        if (request.Config.IpamType.Length > 0)
        {
            Delegation.Check(request, request.Config.IpamType);
        }
        var prev = request.Config.ParsePrevResult() ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "Required prevResult missing");
        using var host = Rtnl.Open();
        var bridge = host.Links.Get(conf.BrName);
        if (bridge is null || bridge.Kind != "bridge")
        {
            throw new CniException(CniErrorCode.Internal, $"CNI created bridge {conf.BrName} in host namespace was not found");
        }
        if (conf.PromiscMode != ((bridge.Flags & 0x100) != 0))
        {
            throw new CniException(CniErrorCode.Internal, $"Bridge interface {conf.BrName} promiscuous mode is not {conf.PromiscMode}");
        }
        var contIface = prev.Interfaces.FirstOrDefault(i => i.Name == request.IfName)
                        ?? throw new CniException(CniErrorCode.Internal, $"CNI created interface in container {request.IfName} not found");
        if (contIface.Sandbox != request.Netns)
        {
            throw new CniException(CniErrorCode.Internal, $"Sandbox in prevResult {contIface.Sandbox} doesn't match configured netns: {request.Netns}");
        }
        using var container = Rtnl.OpenIn(ns);
        var contLink = container.Links.Get(request.IfName);
        if (contLink is null || contLink.Kind != "veth")
        {
            throw new CniException(CniErrorCode.Internal, $"CNI created interface in container {request.IfName} not found");
        }
        if (!string.IsNullOrEmpty(contIface.Mac) && !string.Equals(contIface.Mac, Veth.MacText(contLink.Mac), StringComparison.OrdinalIgnoreCase))
        {
            throw new CniException(CniErrorCode.Internal, $"Interface MAC {Veth.MacText(contLink.Mac)} of {request.IfName} does not match {contIface.Mac}");
        }
        bool portFound = prev.Interfaces.Any(i =>
            host.Links.Get(i.Name) is { Kind: "veth" } port && port.MasterIndex == bridge.Index && port.Index == contLink.LinkIndex);
        if (!portFound)
        {
            throw new CniException(CniErrorCode.Internal, $"CNI veth created for bridge {conf.BrName} was not found");
        }
        Validate.Addresses(container, contLink, prev, request.IfName);
        Validate.Routes(container, prev);
        // Our opt-in "repair" (cnitool repair): re-apply a masquerade an operator's firewall reload removed.
        if (conf.IpMasq && Meta.Repair.RepairOption.Requested(request) &&
            Meta.Repair.IpMasqRepair.Ensure(conf.IpMasqBackend, [.. prev.Ips.Select(i => i.Address)], request.Config.Name, request.IfName, request.ContainerId) is { } repaired)
        {
            Meta.Repair.RepairOption.Report("bridge", repaired);
        }
    }
}
