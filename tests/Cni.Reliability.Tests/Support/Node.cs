using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cni.Plugins.Tests.Harness;
using Cni.Runtime;

namespace Cni.Reliability.Tests.Support;

/// <summary>
/// A simulated node. A private network namespace plays the host, so the bridge, the host veths, the ifbs and every
/// iptables/nftables object the plugins make live there (and die with it): nothing touches the real host, and
/// parallel tests cannot be mistaken for leaks. The network is bridge (ipMasq) + host-local, optionally + portmap
/// and bandwidth, with its own conflist, result cache and dataDir. Pods are named namespaces made by the node.
/// Dispose removes the pods, the host namespace and the directories, also after a failure.
/// </summary>
internal sealed partial class Node : IDisposable
{
    private readonly TestNetns _host;
    private readonly List<string> _pods = [];
    private readonly Lock _gate = new();
    private int _podCount;

    public Node(string purpose, string subnet, bool chain = true, string? dataDir = null, string? rangeExtra = null)
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        Name = $"cnir-{purpose}-{id}";
        Bridge = "cnirb" + id;
        Subnet = subnet;
        Root = Directory.CreateTempSubdirectory($"cnir-{purpose}-").FullName;
        DataDir = dataDir ?? Path.Join(Root, "ipam");
        _host = new TestNetns("relh" + purpose[..Math.Min(4, purpose.Length)]);
        try
        {
            Proc.Ok("ip", "-n", _host.Name, "link", "set", "lo", "up");
            Directory.CreateDirectory(ConfDir);
            var plugins = $$$"""
                {"type":"bridge","bridge":"{{{Bridge}}}","isGateway":true,"ipMasq":true,
                 "ipam":{"type":"host-local","dataDir":"{{{DataDir}}}","ranges":[[{"subnet":"{{{subnet}}}"{{{rangeExtra}}}}]]}}
                """;
            if (chain)
            {
                plugins += """
                    ,{"type":"portmap","capabilities":{"portMappings":true}}
                    ,{"type":"bandwidth","ingressRate":100000000,"ingressBurst":1000000,"egressRate":100000000,"egressBurst":1000000}
                    """;
            }
            File.WriteAllText(Path.Join(ConfDir, "10-rel.conflist"),
                $$"""{"cniVersion":"1.1.0","name":"{{Name}}","plugins":[{{plugins}}]}""");
            List = ConfigFiles.LoadNetworkConfig(ConfDir, Name);
            Cni = new CniConfig([CniBinary.Dir], CacheDir, new HostNsExecutor(_host.Name));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Name { get; }
    public string Bridge { get; }
    public string Subnet { get; }
    public string Root { get; }
    public string HostNs => _host.Name;
    public string ConfDir => Path.Join(Root, "net.d");
    public string CacheDir => Path.Join(Root, "cache");
    public string DataDir { get; }
    public string StoreDir => Path.Join(DataDir, Name);
    public NetworkConfigList List { get; } = null!;

    /// <summary>libcni driving the real plugin binaries inside the host namespace.</summary>
    public CniConfig Cni { get; } = null!;

    /// <summary>A new pod namespace; returns its path.</summary>
    public string NewPod()
    {
        var n = Interlocked.Increment(ref _podCount);
        var name = $"{Name}-p{n}";
        lock (_gate)
        {
            _pods.Add(name);
        }
        Proc.Ok("ip", "netns", "add", name);
        return "/var/run/netns/" + name;
    }

    /// <summary>Removes a pod namespace as a runtime does after DEL (or as a reboot does): it must go.</summary>
    public static void RemovePod(string path)
    {
        var o = Proc.Run("ip", ["netns", "delete", Path.GetFileName(path)]);
        if (o.Exit != 0 || File.Exists(path))
        {
            throw new InvalidOperationException($"pod namespace {path} cannot be removed: {o}");
        }
    }

    public static string CapArgs(int hostPort) =>
        $$"""{"portMappings":[{"hostPort":{{hostPort}},"containerPort":80,"protocol":"tcp"}]}""";

    public static IReadOnlyDictionary<string, JsonElement> CapArgsElement(int hostPort)
    {
        using var doc = JsonDocument.Parse(CapArgs(hostPort));
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }

    /// <summary>cnitool <paramref name="verb"/> of this network and <paramref name="pod"/>, started inside the host namespace.</summary>
    public System.Diagnostics.Process StartCnitool(string verb, string pod, int hostPort) =>
        Proc.Start("ip", ["netns", "exec", HostNs, Path.Join(CniBinary.Dir, "cnitool"), verb, Name, pod, "--cache-dir", CacheDir],
            new Dictionary<string, string> { ["NETCONFPATH"] = ConfDir, ["CNI_PATH"] = CniBinary.Dir, ["CAP_ARGS"] = CapArgs(hostPort) });

    public Proc.Outcome Cnitool(string verb, string pod, int hostPort)
    {
        using var p = StartCnitool(verb, pod, hostPort);
        return Proc.Finish(p);
    }

    /// <summary>cnitool's container ID for a netns path (Go's derivation).</summary>
    public static string ContainerIdOf(string pod) =>
        "cnitool-" + Convert.ToHexStringLower(SHA512.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(pod))).AsSpan(0, 10));

    /// <summary>Temporary files in the host-local store (a killed host-local leaves its own; GC removes them).</summary>
    public int StoreTemporaries()
    {
        var work = Path.Join(StoreDir, ".cni-index");
        return Directory.Exists(work) ? Directory.GetFiles(work).Count(f => Path.GetFileName(f) != "index") : 0;
    }

    /// <summary>host-local reservations: address → owner line ("id\r\nifname").</summary>
    public Dictionary<string, string> Reservations() => Directory.Exists(StoreDir)
        ? Directory.GetFiles(StoreDir)
            .Where(f => System.Net.IPAddress.TryParse(Path.GetFileName(f), out _))
            .ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f))
        : [];

    /// <summary>
    /// Everything an attachment leaves when it leaks, in the host namespace and on disk (the callers run one pod at a
    /// time, or check after all pods are gone).
    /// </summary>
    /// <param name="containerId">Only what names this container (plus any veth, ifb or per-container chain).</param>
    /// <param name="storeTemporaries">Count host-local's temporary files as leaks (GC removes those a killed run left).</param>
    public List<string> Leaks(string? containerId = null, bool storeTemporaries = true)
    {
        var leaks = new List<string>();
        bool Mine(string text) => containerId is null || text.Contains(containerId, StringComparison.Ordinal);

        foreach (var (ip, owner) in Reservations().Where(r => Mine(r.Value)))
        {
            leaks.Add($"host-local reservation {ip} held by {owner.Replace("\r\n", " ", StringComparison.Ordinal)}");
        }
        var work = Path.Join(StoreDir, ".cni-index");
        if (storeTemporaries && Directory.Exists(work))
        {
            leaks.AddRange(Directory.GetFiles(work).Where(f => Path.GetFileName(f) != "index").Select(f => $"store temporary file {f}"));
        }
        if (Directory.Exists(CacheDir))
        {
            leaks.AddRange(Directory.GetFiles(CacheDir, "*", SearchOption.AllDirectories).Where(f => Mine(File.ReadAllText(f)) || Mine(f))
                .Select(f => $"cache file {f}"));
        }
        using (var links = JsonDocument.Parse(Proc.Ok("ip", "-d", "-j", "-n", HostNs, "link", "show")))
        {
            foreach (var l in links.RootElement.EnumerateArray())
            {
                var kind = l.TryGetProperty("linkinfo", out var li) && li.TryGetProperty("info_kind", out var k) ? k.GetString() : null;
                if (kind is "veth" or "ifb")
                {
                    leaks.Add($"host {kind} {l.GetProperty("ifname").GetString()}");
                }
            }
        }
        foreach (var line in Proc.Ok("ip", "netns", "exec", HostNs, "iptables-save").Split('\n'))
        {
            if (PerContainerChain().IsMatch(line) || line.Contains(containerId ?? Name, StringComparison.Ordinal))
            {
                leaks.Add($"iptables: {line}");
            }
        }
        var ruleset = Proc.Ok("ip", "netns", "exec", HostNs, "nft", "list", "ruleset");
        foreach (var line in ruleset.Split('\n'))
        {
            var t = line.Trim();
            if (t.Contains("CNI-DN-", StringComparison.Ordinal) || PerContainerChain().IsMatch(t) ||
                t.Contains(containerId ?? Name, StringComparison.Ordinal))
            {
                leaks.Add($"nft: {t}");
            }
        }
        return leaks;
    }

    /// <summary>The pod namespace's links other than lo.</summary>
    public static List<string> PodLinks(string pod)
    {
        using var doc = JsonDocument.Parse(Proc.Ok("ip", "-j", "-n", Path.GetFileName(pod), "link", "show"));
        return [.. doc.RootElement.EnumerateArray().Select(l => l.GetProperty("ifname").GetString()!).Where(n => n != "lo")];
    }

    public void Dispose()
    {
        string[] pods;
        lock (_gate)
        {
            pods = [.. _pods];
        }
        foreach (var pod in pods.Where(p => File.Exists("/var/run/netns/" + p)))
        {
            Proc.Run("ip", ["netns", "delete", pod]);
        }
        _host.Dispose();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>Per-container chains: portmap's CNI-DN-/CNI-SN-, bridge ipMasq's CNI-&lt;24 hex&gt;.</summary>
    [GeneratedRegex(@"CNI-(DN-|SN-)?[0-9a-f]{24}\b")]
    private static partial Regex PerContainerChain();
}
