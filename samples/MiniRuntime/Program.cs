using MiniRuntime;

// MiniRuntime CONF_DIR NETWORK CONTAINER_ID NETNS_PATH PLUGIN_DIR [CACHE_DIR]
// Attaches the container to NETWORK, reads the cached result back, CHECKs, asks STATUS, DELs and GCs.
if (args.Length is < 5 or > 6)
{
    Console.Error.WriteLine("usage: MiniRuntime CONF_DIR NETWORK CONTAINER_ID NETNS_PATH PLUGIN_DIR [CACHE_DIR]");
    return 2;
}
var cacheDir = args.Length == 6 ? args[5] : "/var/lib/cni";
try
{
    await Lifecycle.RunAsync(args[0], args[1], args[2], args[3], [args[4]], cacheDir, Console.Out);
    return 0;
}
catch (Cni.CniException e)
{
    // A plugin's error object: code, msg and details, as the plugin printed them.
    Console.Error.WriteLine($"CNI error {e.Code}: {e.Msg}{(e.Details.Length > 0 ? " (" + e.Details + ")" : "")}");
    return 1;
}
