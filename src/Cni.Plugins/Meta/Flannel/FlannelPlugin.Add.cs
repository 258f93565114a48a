using Cni.Plugin;

namespace Cni.Plugins.Meta.Flannel;

public sealed partial class FlannelPlugin
{
    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request)
    {
        var conf = Load(request);
        var env = SubnetEnv.Load(conf.SubnetFilePath);
        var (type, json) = FlannelDelegate.Render(conf, request.Config, env);
        var path = SavedPath(conf, request);
        try
        {
            Save(path, json);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CniException(CniErrorCode.Internal, $"saving the delegate config to {path}: {e.Message}");
        }
        try
        {
            return Delegation.Add(request, type, json, request.Config.EffectiveVersion);
        }
        catch (CniException e)
        {
            throw Wrap("failed to delegate add: ", e);
        }
    }
}
