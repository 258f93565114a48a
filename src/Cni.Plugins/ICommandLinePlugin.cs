namespace Cni.Plugins;

/// <summary>
/// A plugin that also has a command line of its own (e.g. <c>dhcp daemon ...</c>). When the binary is started with
/// arguments, <see cref="PluginHost"/> offers them here before running the CNI protocol.
/// </summary>
public interface ICommandLinePlugin
{
    /// <summary>Runs the command the arguments name and returns the exit status, or null when they name none.</summary>
    int? RunCommandLine(IReadOnlyList<string> args);
}
