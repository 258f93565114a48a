using Cni.Plugin;

namespace Cni.Plugins.Ipam.HostLocal;

internal sealed partial class HostLocalPlugin
{
    /// <summary>Releases every address of the attachment (legacy id-only files too); nothing held is not an error.</summary>
    public override void Del(PluginRequest request)
    {
        // Loading the config first makes a broken config fail DEL, as in Go.
        var conf = HostLocalConfig.Load(request);
        using var store = HostLocalStore.Open(conf.DataDir, conf.Name);
        store.ReleaseById(request.ContainerId, request.IfName);
    }
}
