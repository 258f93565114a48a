using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Bandwidth;

public sealed partial class BandwidthPlugin
{
    private const uint RootParent = 0xFFFF_FFFF;

    /// <summary>
    /// The root qdisc of the host veth (ingress limit) and of the ifb (egress limit) must be the configured tbf.
    /// Stricter than Go, whose loop passes when the first listed qdisc is not a tbf at all.
    /// </summary>
    public override void Check(PluginRequest request)
    {
        var limits = Load(request);
        var prev = request.Config.ParsePrevResult() ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "must be called as a chained plugin");
        using var ns = Namespaces.Open(request);
        using var host = Rtnl.Open();
        var hostVeth = HostVeth(host, ns, prev, request.IfName);
        if (limits is null)
        {
            return;
        }
        if (limits.LimitsIngress)
        {
            Expect(host, hostVeth.Index, Tbf.For(limits.IngressRate, limits.IngressBurst));
        }
        if (limits.LimitsEgress)
        {
            var ifb = host.Links.Get(IfbName(request.Config.Name, request.ContainerId)) ?? throw Fail("get ifb device: Link not found");
            Expect(host, ifb.Index, Tbf.For(limits.EgressRate, limits.EgressBurst));
        }
    }

    private static void Expect(Rtnl host, int index, Tbf want)
    {
        var tbf = host.Traffic.ListQdiscs(index).FirstOrDefault(q => q.Parent == RootParent && q.Kind == "tbf") ?? throw Fail("Failed to find qdisc");
        if (tbf.Rate != want.Rate) throw Fail("Rate doesn't match");
        if (tbf.Limit != want.Limit) throw Fail("Limit doesn't match");
        if (tbf.Buffer != want.Buffer) throw Fail("Buffer doesn't match");
    }
}
