using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Bandwidth;

/// <summary>Shapes a veth attachment: tbf on the host veth for ingress, the host veth's ingress redirected to an ifb with a tbf for egress.</summary>
public sealed partial class BandwidthPlugin : Plugin.Plugin
{
    /// <inheritdoc/>
    public override string Name => "bandwidth";

    /// <inheritdoc/>
    public override IReadOnlyList<string> SupportedVersions => SpecVersions.StartingFrom("0.3.0");

    /// <summary><c>bwp</c> + 12 hex of SHA-512(network + container ID).</summary>
    public static string IfbName(string network, string containerId) => ChainNames.Hash(15, "bwp", network + containerId);

    /// <summary>The limits in force (top-level keys, else the capability), validated; null when none are given.</summary>
    private static BandwidthLimits? Load(PluginRequest request)
    {
        var conf = BandwidthConfigReader.Load(request);
        var limits = conf.HasTopLevel
            ? new BandwidthLimits
            {
                IngressRate = conf.IngressRate ?? 0,
                IngressBurst = conf.IngressBurst ?? 0,
                EgressRate = conf.EgressRate ?? 0,
                EgressBurst = conf.EgressBurst ?? 0,
            }
            : conf.RuntimeConfig?.Bandwidth;
        if (limits is not null)
        {
            Validate(limits.IngressRate, limits.IngressBurst);
            Validate(limits.EgressRate, limits.EgressBurst);
        }
        return limits;
    }

    private static void Validate(ulong rate, ulong burst)
    {
        string? error = (rate, burst) switch
        {
            (not 0, 0) => "if rate is set, burst must also be set",
            (0, not 0) => "if burst is set, rate must also be set",
            _ when burst / 8 >= uint.MaxValue => "burst cannot be more than 4GB",
            _ => null,
        };
        if (error is not null)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, error);
        }
    }

    /// <summary>The host end of the container's veth, which must be a host interface of the previous result.</summary>
    private static Link HostVeth(Rtnl host, NetNs ns, Result prev, string ifName)
    {
        if (prev.Interfaces.Count == 0)
        {
            throw Fail("no interfaces provided");
        }
        using var container = Rtnl.OpenIn(ns);
        var link = container.Links.Get(ifName);
        if (link is null || link.Kind != "veth" || link.LinkIndex is not > 0)
        {
            throw Fail($"container interface {ifName} has no veth peer: {(link is null ? "Link not found" : "not a veth")}");
        }
        var peer = host.Links.Get(link.LinkIndex.Value) ?? throw Fail($"veth peer with index {link.LinkIndex} is not in host ns");
        if (!prev.Interfaces.Any(i => string.IsNullOrEmpty(i.Sandbox) && i.Name == peer.Name))
        {
            throw Fail("no veth peer of container interface found in host ns");
        }
        return peer;
    }

    private static CniException Fail(string msg) => new(CniErrorCode.Internal, msg);
}
