using Cni.Cli;
using Cni.Plugins;

// One executable, many names: the file name it was started as picks the plugin (like busybox).
var argv = Environment.GetCommandLineArgs();
var invokedAs = Path.GetFileName(argv[0]);
var rest = argv.Skip(1).ToArray();

if (PluginTable.Find(invokedAs) is { } plugin)
{
    return PluginHost.Run(plugin, rest);
}
if (invokedAs == "cnitool")
{
    return Cni.Tool.CniTool.Run(rest);
}
return Commands.Run(rest);
