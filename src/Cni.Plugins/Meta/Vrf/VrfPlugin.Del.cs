using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Vrf;

public sealed partial class VrfPlugin
{
    /// <summary>
    /// Releases the interface from the VRF and deletes the VRF when no port is left. Idempotent: a gone netns, VRF or
    /// interface, or a VRF deleted concurrently, is success (Go fails on the last two, PR #1282).
    /// </summary>
    public override void Del(PluginRequest request)
    {
        var conf = Load(request);
        using var ns = Namespaces.OpenForDel(request);
        if (ns is null)
        {
            return;
        }
        using var rtnl = Rtnl.OpenIn(ns);
        if (rtnl.Links.Get(conf.VrfName!) is not { Kind: "vrf" } vrf)
        {
            return;
        }
        // Only our own port is released: an interface another master owns is not ours to touch.
        if (rtnl.Links.Get(request.IfName) is { } link && link.MasterIndex == vrf.Index)
        {
            ToleratingGone(() => rtnl.Links.SetNoMaster(link.Index));
        }
        if (!rtnl.Links.List().Any(l => l.MasterIndex == vrf.Index))
        {
            ToleratingGone(() => rtnl.Links.Delete(vrf.Index));
        }
    }

    /// <summary>Runs a link change; ENODEV (the device went away under us) means what DEL wanted is already true.</summary>
    private static void ToleratingGone(Action change)
    {
        try
        {
            change();
        }
        catch (LinuxException e) when (e.Errno == ENODEV)
        {
        }
        catch (LinuxException e)
        {
            throw new CniException(CniErrorCode.Internal, e.Message);
        }
    }
}
