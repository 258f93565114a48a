using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Bandwidth;

public sealed partial class BandwidthPlugin
{
    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request)
    {
        var limits = Load(request);
        var prev = request.Config.ParsePrevResult();
        if (limits is null || limits.IsZero)
        {
            // Go crashes here without a prevResult; an empty result of the config's version is the sane answer.
            return prev ?? new Result();
        }
        if (prev is null)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "must be called as chained plugin", "the config has no prevResult");
        }
        using var ns = Namespaces.Open(request);
        using var host = Rtnl.Open();
        var hostVeth = HostVeth(host, ns, prev, request.IfName);
        if (limits.LimitsIngress)
        {
            AddTbf(host, hostVeth.Index, Tbf.For(limits.IngressRate, limits.IngressBurst), "create qdisc");
        }
        if (!limits.LimitsEgress)
        {
            return prev;
        }
        var ifb = CreateIfb(host, IfbName(request.Config.Name, request.ContainerId), hostVeth.Mtu);
        try
        {
            Wrap("create ingress qdisc", () => host.Traffic.AddIngress(hostVeth.Index));
            Wrap("add filter", () => host.Traffic.AddRedirectFilter(hostVeth.Index, ifb.Index));
            AddTbf(host, ifb.Index, Tbf.For(limits.EgressRate, limits.EgressBurst), "create ifb qdisc");
        }
        catch (CniException)
        {
            // Go leaves a half-made setup behind; undo ours so a retried ADD starts clean.
            Cleanup.Try(() => host.Links.Delete(ifb.Index));
            if (limits.LimitsIngress)
            {
                Cleanup.Try(() => host.Traffic.DeleteQdisc(hostVeth.Index));
            }
            throw;
        }
        prev.Interfaces.Add(new Interface { Name = ifb.Name, Mac = Veth.MacText(ifb.Mac) });
        return prev;
    }

    private static Link CreateIfb(Rtnl host, string name, int mtu)
    {
        Wrap("adding link", () => host.Links.Create(new SimpleLinkSpec { Kind = "ifb", Name = name, Mtu = mtu, TxQueueLen = 0 }));
        var ifb = host.Links.Get(name) ?? throw Fail($"get ifb device: Link not found");
        try
        {
            // The ifb only receives redirected packets: an IPv6 link-local address (Go's has one) would only add a
            // route beside every other interface's fe80::/64 and start DAD and MLD work in the kernel.
            NoLinkLocal(host, ifb.Index);
            host.Links.SetUp(ifb.Index);
        }
        catch (LinuxException)
        {
            Cleanup.Try(() => host.Links.Delete(ifb.Index));
            throw;
        }
        return ifb;
    }

    private static void NoLinkLocal(Rtnl host, int index)
    {
        try
        {
            host.Links.SetNoIpv6LinkLocal(index);
        }
        catch (LinuxException)
        {
            // A host without IPv6 (ipv6.disable=1) has no link-local address to avoid.
        }
    }

    private static void AddTbf(Rtnl host, int index, Tbf tbf, string what) =>
        Wrap(what, () => host.Traffic.AddTbf(index, tbf.Rate, tbf.Limit, tbf.Buffer));

    private static void Wrap(string what, Action action)
    {
        try
        {
            action();
        }
        catch (LinuxException e)
        {
            throw Fail($"{what}: {e.Message}");
        }
    }
}
