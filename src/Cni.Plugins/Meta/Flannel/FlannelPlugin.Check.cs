using System.Text.Json.Nodes;
using Cni.Plugin;

namespace Cni.Plugins.Meta.Flannel;

public sealed partial class FlannelPlugin
{
    /// <summary>
    /// CHECK on the delegate with the saved config and this call's prevResult (Go's flannel does not check at all).
    /// </summary>
    public override void Check(PluginRequest request)
    {
        var conf = Load(request);
        var path = SavedPath(conf, request);
        if (ReadSaved(path) is not { } saved || saved.Type.Length == 0)
        {
            throw new CniException(CniErrorCode.Internal, $"no delegate config saved for container {request.ContainerId} in {conf.DataDirPath}");
        }
        var node = JsonNode.Parse(saved.Json)!.AsObject();
        if (request.Config.PrevResult is { } prev)
        {
            node["prevResult"] = JsonNode.Parse(prev.GetRawText());
        }
        Delegation.Check(request, saved.Type, System.Text.Encoding.UTF8.GetBytes(node.ToJsonString()));
    }
}
