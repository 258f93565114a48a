using Cni.Plugin;
using HelloPlugin;

// The whole entry point: the skeleton reads CNI_COMMAND and the other variables, parses stdin, checks the
// version rules, calls the plugin and prints the result (or the error JSON, exit code 1).
return Skeleton.Run(new HelloIpam(), PluginIO.FromProcess());
