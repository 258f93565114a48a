using Cni.Plugin;

namespace Cni.Plugins.Meta.Flannel;

public sealed partial class FlannelPlugin
{
    /// <summary>DEL on the delegate with the config ADD saved, then the saved file goes. No saved file: nothing to undo.</summary>
    public override void Del(PluginRequest request)
    {
        var conf = Load(request);
        var path = SavedPath(conf, request);
        if (ReadSaved(path) is not { } saved || saved.Type.Length == 0)
        {
            // An unreadable file stays for an operator to look at, as in Go; the interface dies with the netns.
            return;
        }
        Delegation.Del(request, saved.Type, saved.Json);
        File.Delete(path);
    }
}
