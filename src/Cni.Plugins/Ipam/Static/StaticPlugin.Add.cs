using Cni.Plugin;

namespace Cni.Plugins.Ipam.Static;

internal sealed partial class StaticPlugin
{
    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request)
    {
        var conf = StaticConfig.Load(request);
        var result = new Result { CniVersion = SpecVersions.Current, Routes = conf.Routes, Dns = conf.Dns };
        result.Ips.AddRange(conf.Addresses);
        return result;
    }
}
