using System.Text.Json;
using Cni.Internal;
using Cni.Linux;
using Cni.Linux.PacketFilter;

namespace Cni.Tool.Internal;

/// <summary>
/// <c>cnitool audit</c>: read-only search for what attachments left behind — host-local reservations and hashed
/// iptables chains or nftables rules of containers the result cache does not know, cache entries whose namespace is
/// gone, and bridge ports whose peer is in no cached namespace. Exit status 1 when anything is found.
/// </summary>
internal static class AuditCommand
{
    public const string DefaultDataDir = "/var/lib/cni/networks";

    public sealed record Leak(string Kind, string Subject, string Detail);

    public static int Run(Options o, ToolContext ctx)
    {
        var attachments = new ResultCache(o.CacheDir ?? ResultCache.DefaultDirectory).GetAttachments();
        var leaks = new List<Leak>();
        var liveNamespaces = StaleCache(attachments, leaks);
        Reservations(o.DataDir ?? DefaultDataDir, attachments, leaks);
        Veths(Bridges(attachments, ctx), liveNamespaces, leaks);
        Chains(attachments, leaks);
        NftRules(attachments, leaks);
        Report(leaks, o.Json, ctx);
        return leaks.Count == 0 ? CniTool.Success : CniTool.Failure;
    }

    /// <summary>Cache entries whose namespace is gone; returns the namespaces that still exist.</summary>
    private static List<string> StaleCache(IReadOnlyList<NetworkAttachment> attachments, List<Leak> leaks)
    {
        var live = new List<string>();
        foreach (var a in attachments.Where(a => a.NetNS.Length > 0))
        {
            try
            {
                using var ns = NetNs.Open(a.NetNS);
                live.Add(a.NetNS);
            }
            catch (Exception e) when (e is NetNsNotFoundException or NotNetNsException)
            {
                leaks.Add(new("cache", $"{a.Network}-{a.ContainerId}-{a.IfName}", $"netns {a.NetNS} no longer exists"));
            }
        }
        return live;
    }

    /// <summary>host-local's store: one file per IP holding <c>containerID\r\nifname</c> (older stores: the ID alone).</summary>
    private static void Reservations(string dataDir, IReadOnlyList<NetworkAttachment> attachments, List<Leak> leaks)
    {
        if (!Directory.Exists(dataDir))
        {
            return;
        }
        foreach (var networkDir in Directory.GetDirectories(dataDir).Order(StringComparer.Ordinal))
        {
            var network = Path.GetFileName(networkDir);
            foreach (var file in Directory.GetFiles(networkDir).Order(StringComparer.Ordinal))
            {
                var ip = Path.GetFileName(file);
                if (!System.Net.IPAddress.TryParse(ip, out _))
                {
                    continue;
                }
                var lines = File.ReadAllText(file).Split('\n', StringSplitOptions.TrimEntries);
                var (id, ifName) = (lines[0], lines.Length > 1 ? lines[1] : "");
                if (!attachments.Any(a => a.Network == network && a.ContainerId == id && (ifName.Length == 0 || a.IfName == ifName)))
                {
                    leaks.Add(new("reservation", $"{network} {ip}", $"container {id} {ifName} has no cache entry".TrimEnd()));
                }
            }
        }
    }

    /// <summary>The bridges the networks in the cache and in the config directory name (the bridge plugin's default is cni0).</summary>
    private static HashSet<string> Bridges(IReadOnlyList<NetworkAttachment> attachments, ToolContext ctx)
    {
        var configs = attachments.Select(a => a.Config).ToList();
        try
        {
            configs.AddRange(ConfigFiles.LoadAll(ctx.ConfDir, (_, _) => { }).Select(l => l.Bytes));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CniException)
        {
            // No readable config directory: the cached configs still name the bridges in use.
        }
        var bridges = new HashSet<string>(StringComparer.Ordinal);
        foreach (var config in configs)
        {
            try
            {
                using var doc = JsonDocument.Parse(config);
                var root = doc.RootElement;
                var plugins = root.TryGetProperty("plugins", out var p) && p.ValueKind == JsonValueKind.Array ? p.EnumerateArray().ToList() : [root];
                foreach (var plugin in plugins.Where(x => x.ValueKind == JsonValueKind.Object && x.TryGetProperty("type", out var t) && t.ValueEquals("bridge")))
                {
                    bridges.Add(plugin.TryGetProperty("bridge", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString()! : "cni0");
                }
            }
            catch (JsonException)
            {
                // A cached config that does not parse names no bridge.
            }
        }
        return bridges;
    }

    /// <summary>Host ends on those bridges whose peer lives in a namespace no cache entry names.</summary>
    private static void Veths(HashSet<string> bridges, List<string> liveNamespaces, List<Leak> leaks)
    {
        using var host = Rtnl.Open();
        var links = host.Links.List();
        var bridgeIndexes = links.Where(l => bridges.Contains(l.Name)).ToDictionary(l => l.Index, l => l.Name);
        if (bridgeIndexes.Count == 0)
        {
            return;
        }
        var known = new HashSet<int>();
        foreach (var path in liveNamespaces.Distinct(StringComparer.Ordinal))
        {
            try
            {
                using var ns = NetNs.Open(path);
                using var inside = Rtnl.OpenIn(ns);
                known.UnionWith(inside.Links.List().Where(l => l.Kind == "veth" && l.LinkNetNsId is not null && l.LinkIndex is not null)
                    .Select(l => l.LinkIndex!.Value));
            }
            catch (LinuxException)
            {
                // Gone since it was examined: its veths went with it.
            }
        }
        foreach (var l in links.Where(l => l.Kind == "veth" && l.MasterIndex is { } m && bridgeIndexes.ContainsKey(m) && !known.Contains(l.Index)))
        {
            leaks.Add(new("veth", l.Name, $"port of bridge {bridgeIndexes[l.MasterIndex!.Value]} whose peer is in no cached namespace"));
        }
    }

    /// <summary>Chains named <c>CNI-[PREFIX-]&lt;hash of network + container ID&gt;</c> (Go's utils.FormatChainName).</summary>
    private static void Chains(IReadOnlyList<NetworkAttachment> attachments, List<Leak> leaks)
    {
        if (!Iptables.V4.IsUsable())
        {
            return;
        }
        var hashes = attachments.Select(a => Sha512.HexOf(a.Network + a.ContainerId)).ToList();
        foreach (var table in new[] { "nat", "filter", "mangle" })
        {
            foreach (var line in Iptables.V4.Save(table).Split('\n').Where(l => l.StartsWith(":CNI-", StringComparison.Ordinal)))
            {
                var chain = line[1..].Split(' ')[0];
                if (HashOfChain(chain) is { } hash && !hashes.Any(h => h.StartsWith(hash, StringComparison.Ordinal)))
                {
                    leaks.Add(new("iptables-chain", $"{table} {chain}", "no cached attachment hashes to this chain"));
                }
            }
        }
    }

    /// <summary>Rules with a comment in CNI's nftables tables that names no cached container ID.</summary>
    private static void NftRules(IReadOnlyList<NetworkAttachment> attachments, List<Leak> leaks)
    {
        var ids = attachments.Select(a => a.ContainerId).Distinct(StringComparer.Ordinal).ToList();
        foreach (var r in NftRulesetRule.List())
        {
            bool cniTable = r.TableComment.StartsWith("CNI", StringComparison.Ordinal) || r.Table.StartsWith("cni", StringComparison.Ordinal);
            if (cniTable && r.Comment.Length > 0 && !ids.Any(id => r.Comment.Contains(id, StringComparison.Ordinal)))
            {
                leaks.Add(new("nft-rule", $"{r.Family} {r.Table} {r.Chain} handle {r.Handle}", $"comment \"{r.Comment}\" names no cached container"));
            }
        }
    }

    private static void Report(List<Leak> leaks, bool json, ToolContext ctx)
    {
        if (json)
        {
            ctx.Out.WriteLine(JsonText.Write(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("count", leaks.Count);
                w.WriteStartArray("leaks");
                foreach (var l in leaks)
                {
                    w.WriteStartObject();
                    w.WriteString("kind", l.Kind);
                    w.WriteString("subject", l.Subject);
                    w.WriteString("detail", l.Detail);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }));
            return;
        }
        foreach (var l in leaks)
        {
            ctx.Out.WriteLine($"{l.Kind,-15} {l.Subject,-45} {l.Detail}");
        }
        ctx.Out.WriteLine(leaks.Count == 0 ? "no leaks found" : $"{leaks.Count} leak(s) found");
    }

    /// <summary>The hash of a chain named <c>CNI-[PREFIX-]&lt;16 or more lowercase hex&gt;</c>, or null for any other name.</summary>
    internal static string? HashOfChain(string chain)
    {
        if (!chain.StartsWith("CNI-", StringComparison.Ordinal))
        {
            return null;
        }
        var hash = chain[4..];
        var dash = hash.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            if (dash == 0 || hash.AsSpan(0, dash).ContainsAnyExceptInRange('A', 'Z'))
            {
                return null;
            }
            hash = hash[(dash + 1)..];
        }
        return hash.Length >= 16 && hash.All(char.IsAsciiHexDigitLower) ? hash : null;
    }
}
