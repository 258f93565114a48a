using System.Text.Json.Nodes;

namespace Cni.Differential.Tests.Harness;

/// <summary>
/// One implementation's sandbox for one case. Everything it touches is its own: a network namespace that plays the
/// host (so bridges, host veths, iptables chains, nft tables, tc and sysctls never meet the real host or the other
/// world, and deleting the namespace removes them all), container namespaces, and a directory for host-local and
/// tuning state. Identical names inside (bridge, container IDs, network name) make the two worlds comparable.
/// </summary>
internal sealed class World : IDisposable
{
    private readonly List<string> _namespaces = [];
    private readonly Normalizer _normalizer;

    public World(Impl impl, string caseName, string hex, IReadOnlySet<string> keptMacs)
    {
        Impl = impl;
        Prefix = $"cnid-{caseName}-{hex}-{(impl == Impl.Go ? "go" : "ours")}";
        _normalizer = new Normalizer(Prefix, keptMacs);
        Dir = Path.Combine("/tmp", Prefix);
        Directory.CreateDirectory(DataDir);
        HostNs = NewNamespace("host");
        Shell.Ok("ip", "-n", HostNs, "link", "set", "lo", "up");
    }

    public Impl Impl { get; }

    public string Prefix { get; }

    /// <summary>The namespace the plugins run in: the "host" of this world.</summary>
    public string HostNs { get; }

    public string Dir { get; }

    /// <summary>Substituted for <c>{dataDir}</c> in configs: host-local's store and tuning's backups live here.</summary>
    public string DataDir => Path.Combine(Dir, "data");

    public List<string> Trace { get; } = [];

    /// <summary>A new (empty, loopback down, like a runtime's) container namespace; returns its path.</summary>
    public string Container(string name = "ctr") => "/var/run/netns/" + NewNamespace(name);

    /// <summary>Runs <c>ip</c> in this world's host namespace (setup of masters, host devices, ...).</summary>
    public string Host(params string[] args) => Shell.Ok("ip", ["-n", HostNs, .. args]);

    /// <summary>Runs a plugin of this world's implementation (or of <paramref name="impl"/>) in the host namespace and records the outcome.</summary>
    public Outcome Exec(string label, string plugin, string command, string conf, string? netns, string containerId = "ctr1",
                        string? ifname = "eth0", string? args = null, Impl? impl = null, IReadOnlyDictionary<string, string>? extraEnv = null)
    {
        var dir = PluginDirs.Of(impl ?? Impl);
        var env = new Dictionary<string, string>
        {
            ["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin",
            ["CNI_COMMAND"] = command,
            ["CNI_CONTAINERID"] = containerId,
            ["CNI_PATH"] = dir,
        };
        if (netns is not null) env["CNI_NETNS"] = netns;
        if (ifname is not null) env["CNI_IFNAME"] = ifname;
        if (args is not null) env["CNI_ARGS"] = args;
        foreach (var (k, v) in extraEnv ?? new Dictionary<string, string>())
        {
            env[k] = v;
        }
        var o = Shell.Run("ip", ["netns", "exec", HostNs, Path.Combine(dir, plugin)], env, Substitute(conf));
        var outcome = new Outcome(o.Exit, o.Stdout, o.Stderr);
        Record(label, outcome);
        return outcome;
    }

    public string Substitute(string conf) => conf.Replace("{dataDir}", DataDir, StringComparison.Ordinal);

    /// <summary>Adds the exit status and the (normalised, flattened) JSON printed to the trace.</summary>
    public void Record(string label, Outcome o)
    {
        Trace.Add($"{label}: exit = {o.Exit}");
        Trace.AddRange(Flatten.Json(_normalizer.Apply(o.Stdout), kernel: false).Select(l => $"{label}: out{l}"));
    }

    /// <summary>Snapshots kernel state of the host and every container namespace, and the files of the world's directory.</summary>
    public List<string> Observe(string label)
    {
        var lines = new List<string>();
        foreach (var ns in _namespaces)
        {
            var role = ns[(Prefix.Length + 1)..];
            foreach (var (section, text) in KernelState.Read(ns))
            {
                var norm = _normalizer.Apply(text);
                var flat = section.Json ? Flatten.Json(norm, kernel: true) : Flatten.Text(norm);
                lines.AddRange(flat.Select(l => $"{label}: {role}/{section.Name}{(l.StartsWith('.') || l.StartsWith('[') ? "" : " ")}{l}"));
            }
        }
        lines.AddRange(DiskState.Read(Dir).Select(l => $"{label}: disk {_normalizer.Apply(l)}"));
        Trace.AddRange(lines);
        return lines;
    }

    /// <summary>Runs a conflist the way libcni does: ADD in order, each plugin gets the previous result.</summary>
    public JsonNode? AddList(string label, JsonObject list, string netns, string containerId = "ctr1", string ifname = "eth0",
                             string? args = null, IReadOnlyList<Impl?>? impls = null)
    {
        JsonNode? prev = null;
        var plugins = list["plugins"]!.AsArray();
        for (int i = 0; i < plugins.Count; i++)
        {
            var conf = PluginConf(list, plugins[i]!.AsObject(), prev);
            var o = Exec($"{label}[{i}]", (string)plugins[i]!["type"]!, "ADD", conf, netns, containerId, ifname, args, impls?[i]);
            if (o.Exit != 0)
            {
                return null;
            }
            prev = JsonNode.Parse(o.Stdout);
        }
        return prev;
    }

    /// <summary>CHECK (in order) or DEL (in reverse), each plugin given the cached result of the ADD as libcni does.</summary>
    public void RunList(string label, string command, JsonObject list, JsonNode? cached, string? netns, string containerId = "ctr1",
                        string ifname = "eth0", string? args = null, IReadOnlyList<Impl?>? impls = null)
    {
        var plugins = list["plugins"]!.AsArray();
        var order = Enumerable.Range(0, plugins.Count);
        foreach (var i in command == "DEL" ? order.Reverse() : order)
        {
            var conf = PluginConf(list, plugins[i]!.AsObject(), cached);
            var o = Exec($"{label}[{i}]", (string)plugins[i]!["type"]!, command, conf, netns, containerId, ifname, args, impls?[i]);
            if (o.Exit != 0 && command == "CHECK")
            {
                return;
            }
        }
    }

    private static string PluginConf(JsonObject list, JsonObject plugin, JsonNode? prev)
    {
        var conf = (JsonObject)plugin.DeepClone();
        conf["cniVersion"] = list["cniVersion"]!.DeepClone();
        conf["name"] = list["name"]!.DeepClone();
        if (prev is not null)
        {
            conf["prevResult"] = prev.DeepClone();
        }
        return conf.ToJsonString();
    }

    private string NewNamespace(string role)
    {
        var name = $"{Prefix}-{role}";
        Shell.Ok("ip", "netns", "add", name);
        _namespaces.Add(name);
        return name;
    }

    public void Dispose()
    {
        foreach (var ns in Enumerable.Reverse(_namespaces))
        {
            Shell.Run("ip", "netns", "delete", ns);
        }
        if (Directory.Exists(Dir))
        {
            Directory.Delete(Dir, recursive: true);
        }
    }
}
