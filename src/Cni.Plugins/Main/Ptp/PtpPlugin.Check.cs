using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Ptp;

public sealed partial class PtpPlugin
{
    /// <inheritdoc/>
    public override void Check(PluginRequest request)
    {
        var conf = Load(request);
        using var ns = Namespaces.Open(request);
        Delegation.Check(request, request.Config.IpamType);
        var prev = request.Config.ParsePrevResult() ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "ptp: Required prevResult missing");
        using var container = Rtnl.OpenIn(ns);
        var link = ResultLinks.Container(container, prev, request, "veth", $"Error: Container interface {request.IfName} not of type veth/p2p");
        using var host = Rtnl.Open();
        var hostEnd = prev.Interfaces.Where(i => string.IsNullOrEmpty(i.Sandbox)).Select(i => host.Links.Get(i.Name)).FirstOrDefault(l => l is not null);
        if (hostEnd is null || hostEnd.Kind != "veth" || !hostEnd.IsUp)
        {
            throw new CniException(CniErrorCode.Internal, $"host end of {request.IfName} is missing or down");
        }
        Validate.Addresses(container, link, prev, request.IfName);
        Validate.Routes(container, prev);
        // Our opt-in "repair" (cnitool repair), as for bridge: re-apply a masquerade an operator's firewall reload removed.
        if (conf.IpMasq && Meta.Repair.RepairOption.Requested(request) &&
            Meta.Repair.IpMasqRepair.Ensure(conf.IpMasqBackend, [.. prev.Ips.Select(i => i.Address)], request.Config.Name, request.IfName, request.ContainerId) is { } repaired)
        {
            Meta.Repair.RepairOption.Report("ptp", repaired);
        }
    }
}
