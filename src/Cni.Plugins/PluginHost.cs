using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins;

/// <summary>Runs a plugin from the table as this process, with the process's streams.</summary>
public static class PluginHost
{
    /// <summary>
    /// Runs <paramref name="entry"/> and returns the exit status. Arguments (the runtime passes none) go first to a plugin
    /// with a command line of its own (<see cref="ICommandLinePlugin"/>); otherwise the CNI protocol runs.
    /// </summary>
    public static int Run(PluginEntry entry, IReadOnlyList<string>? args = null)
    {
        var plugin = entry.Create();
        if (args is { Count: > 0 } && plugin is ICommandLinePlugin commandLine && commandLine.RunCommandLine(args) is { } exit)
        {
            return exit;
        }
        InProcessDelegates.Enable();
        CallLog.Append = static (path, line, mode) => Cni.Linux.Files.AppendAll(path, line, mode);
        return Skeleton.Run(plugin, PluginIO.FromProcess(Namespaces.IsOwn, new Cni.Linux.StandardOutputStream()));
    }
}
