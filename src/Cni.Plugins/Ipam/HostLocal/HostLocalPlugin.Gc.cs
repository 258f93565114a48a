using Cni.Plugin;
using Cni.Plugins.Ipam.Common;

namespace Cni.Plugins.Ipam.HostLocal;

internal sealed partial class HostLocalPlugin
{
    /// <summary>
    /// Releases every reservation not held by an attachment in <c>cni.dev/valid-attachments</c> (absent, null and
    /// empty all mean none is valid). A legacy file holding only a container ID stays if that container has any valid
    /// attachment. Errors do not stop the sweep; they are reported together at the end.
    /// </summary>
    public override void Gc(PluginRequest request)
    {
        var conf = HostLocalConfig.Load(request);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in request.Config.ValidAttachments ?? [])
        {
            keep.Add(StoreFiles.OwnerKey(a.ContainerId, a.IfName));
            keep.Add(StoreFiles.LegacyKey(a.ContainerId));
        }
        if (!Directory.Exists(HostLocalStore.DirFor(conf.DataDir, conf.Name)))
        {
            return;
        }
        using var store = HostLocalStore.Open(conf.DataDir, conf.Name);
        var errors = store.ReleaseAllExcept(keep);
        if (errors.Count > 0)
        {
            throw IpamErrors.Store(string.Join("; ", errors));
        }
    }
}
