using System.Text;
using System.Text.Json;
using Cni;
using Cni.Runtime;

namespace MiniRuntime;

/// <summary>One container's network lifecycle through Cni.Runtime, as a runtime (containerd, CRI-O, podman) does it.</summary>
public static class Lifecycle
{
    public static async Task RunAsync(string confDir, string network, string containerId, string netns,
        IReadOnlyList<string> pluginDirs, string cacheDir, TextWriter log, CancellationToken cancellationToken = default)
    {
        // 1. Load the network by name from the config directory (.conflist first, then .conf/.json, like Go).
        NetworkConfigList list = ConfigFiles.LoadNetworkConfig(confDir, network);
        log.WriteLine($"network {list.Name} (cniVersion {list.CniVersion}): {string.Join(" -> ", list.Plugins.Select(p => p.Network.Type))}");

        // 2. The library: where plugins are (CNI_PATH), where results are cached, how long a plugin may take.
        var cni = new CniConfig(pluginDirs, cacheDir) { PluginTimeout = TimeSpan.FromSeconds(30) };

        // 3. One attachment: container, namespace, interface name; capability arguments go in runtimeConfig
        //    of the plugins that declare them (for instance portMappings for portmap).
        var rt = new RuntimeConf
        {
            ContainerId = containerId,
            NetNS = netns,
            IfName = "eth0",
            Args = [new("K8S_POD_NAMESPACE", "default"), new("K8S_POD_NAME", "demo")],
        };

        // 4. ADD runs every plugin in order, each getting the previous result; the final one is cached.
        ICniResult? result = await cni.AddNetworkListAsync(list, rt, cancellationToken);
        log.WriteLine("ADD result: " + ToJson(result));

        // 5. The cache (/var/lib/cni/results/<network>-<container>-<ifname>, Go's format) gives it back later,
        //    for instance after the runtime restarts.
        ICniResult? cached = cni.GetNetworkListCachedResult(list, rt);
        log.WriteLine("cached result: " + ToJson(cached));
        foreach (var a in cni.GetCachedAttachments(containerId))
        {
            log.WriteLine($"cached attachment: {a.Network} {a.ContainerId} {a.IfName}");
        }

        // 6. CHECK (0.4.0 and later; skipped by the library when the list says disableCheck).
        await cni.CheckNetworkListAsync(list, rt, cancellationToken);
        log.WriteLine("CHECK ok");

        // 7. STATUS (1.1.0): can the network take new attachments? Throws CniException 50/51 when it cannot.
        await cni.GetStatusNetworkListAsync(list, cancellationToken);
        log.WriteLine("STATUS ok");

        // 8. DEL runs the plugins in reverse order and removes the cache entry. It must succeed twice.
        await cni.DelNetworkListAsync(list, rt, cancellationToken);
        await cni.DelNetworkListAsync(list, rt, cancellationToken);
        log.WriteLine("DEL ok");

        // 9. GC (1.1.0): DEL every cached attachment not in the valid list, then let plugins clean up.
        await cni.GCNetworkListAsync(list, new GCArgs(ValidAttachments: []), cancellationToken);
        log.WriteLine($"GC ok, {cni.GetCachedAttachments(containerId).Count} cached attachments left");
    }

    private static string ToJson(ICniResult? result)
    {
        if (result is null)
        {
            return "(none)";
        }
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            result.WriteTo(w);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
