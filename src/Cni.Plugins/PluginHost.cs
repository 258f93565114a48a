using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins;

/// <summary>Runs a plugin from the table as this process, with the process's streams.</summary>
public static class PluginHost
{
    /// <summary>Runs <paramref name="entry"/> and returns the exit status.</summary>
    public static int Run(PluginEntry entry)
    {
        InProcessDelegates.Enable();
        return Skeleton.Run(entry.Create(), PluginIO.FromProcess(Namespaces.IsOwn));
    }
}
