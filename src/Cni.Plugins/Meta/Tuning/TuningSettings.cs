using System.Text.Json;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Tuning;

/// <summary>What one call applies: the config merged with CNI_ARGS, runtimeConfig and <c>args.cni</c>, sysctl keys resolved to files.</summary>
internal sealed record TuningSettings
{
    public const string DefaultDataDir = "/run/cni/tuning";
    public const string AllowlistPath = "/etc/cni/tuning/allowlist.conf";

    public required string DataDir { get; init; }
    /// <summary>(configured key, file under /proc/sys, value), in config order.</summary>
    public required IReadOnlyList<(string Key, string File, string Value)> Sysctls { get; init; }
    public string? Mac { get; init; }
    public bool Promisc { get; init; }
    public int Mtu { get; init; }
    public int? TxQLen { get; init; }
    public bool? Allmulti { get; init; }
    /// <summary>The new name of the container interface (<c>ifName</c>, our addition), or null to keep CNI_IFNAME.</summary>
    public string? NewName { get; init; }

    /// <summary>Whether any link attribute is configured (so a backup is taken).</summary>
    public bool ChangesLink => Mac is not null || Mtu != 0 || Promisc || Allmulti is not null || TxQLen is not null || NewName is not null;

    /// <summary>Parses and merges; MAC precedence <c>mac</c> &lt; CNI_ARGS <c>MAC</c> &lt; runtimeConfig <c>mac</c> &lt; <c>args.cni.mac</c>.</summary>
    public static TuningSettings Load(PluginRequest request)
    {
        RejectDuplicateSysctls(request.Config.Root);
        var conf = TuningConfigReader.Load(request);
        var sysctl = new Dictionary<string, string>(conf.Sysctl ?? [], StringComparer.Ordinal);
        string? mac = string.IsNullOrEmpty(conf.Mac) ? null : conf.Mac;
        if (CniArgs.Load(request.Args, "MAC").GetValueOrDefault("MAC") is { Length: > 0 } fromEnv)
        {
            mac = fromEnv;
        }
        if (request.Config.RuntimeConfigValue("mac") is { ValueKind: JsonValueKind.String } rc && rc.GetString() is { Length: > 0 } fromRuntime)
        {
            mac = fromRuntime;
        }
        var (promisc, mtu, allmulti, txQLen) = (conf.Promisc, conf.Mtu, conf.Allmulti, conf.TxQLen);
        var newName = conf.IfName;
        if (conf.Args?.Cni is { } o)
        {
            foreach (var (k, v) in o.Sysctl ?? [])
            {
                sysctl[k] = v;
            }
            mac = o.Mac ?? mac;
            promisc = o.Promisc ?? promisc;
            mtu = o.Mtu ?? mtu;
            allmulti = o.Allmulti ?? allmulti;
            txQLen = o.TxQLen ?? txQLen;
            newName = o.IfName ?? newName;
        }
        newName = string.IsNullOrEmpty(newName) || newName == request.IfName ? null : ValidName(newName);
        if (!string.IsNullOrEmpty(mac))
        {
            _ = Veth.ParseMac(mac);
        }
        if (mtu < 0)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"invalid MTU {mtu}: must not be negative");
        }
        if (txQLen < 0)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"invalid txQLen {txQLen}: must not be negative");
        }
        return new TuningSettings
        {
            DataDir = string.IsNullOrEmpty(conf.DataDir) ? DefaultDataDir : conf.DataDir,
            Sysctls = [.. sysctl.Select(kv => (kv.Key, SysctlFile(kv.Key, request.IfName), kv.Value))],
            Mac = string.IsNullOrEmpty(mac) ? null : mac,
            Promisc = promisc,
            Mtu = mtu,
            Allmulti = allmulti,
            TxQLen = txQLen,
            NewName = newName,
        };
    }

    /// <summary>The kernel's rules for a link name: 1–15 bytes, not <c>.</c> or <c>..</c>, no <c>/</c>, <c>:</c> or whitespace.</summary>
    private static string ValidName(string name)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(name) > 15 || name is "." or ".." || name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"invalid ifName \"{name}\": a link name has 1 to 15 bytes, is not . or .., and has no '/', ':' or whitespace");
        }
        return name;
    }

    /// <summary>
    /// Go's mapping: every <c>.</c> becomes <c>/</c>, then the first <c>IFNAME</c> becomes the interface name; the
    /// cleaned path must lie under <c>/proc/sys/net/</c>. A <c>..</c> component is refused outright.
    /// </summary>
    public static string SysctlFile(string key, string ifName)
    {
        var relative = key.Replace('.', '/');
        var at = relative.IndexOf("IFNAME", StringComparison.Ordinal);
        if (at >= 0)
        {
            relative = string.Concat(relative.AsSpan(0, at), ifName, relative.AsSpan(at + "IFNAME".Length));
        }
        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (key.Contains("../", StringComparison.Ordinal) || parts.Any(p => p is "." or "..") || parts.Length < 2 || parts[0] != "net")
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"invalid net sysctl key: \"{key}\"");
        }
        return "/proc/sys/" + string.Join('/', parts);
    }

    /// <summary>When <see cref="AllowlistPath"/> exists, every key must match one of its patterns (<see cref="SysctlPattern"/>).</summary>
    public void CheckAllowlist()
    {
        if (Sysctls.Count > 0 && File.Exists(AllowlistPath))
        {
            CheckAllowlist(File.ReadAllLines(AllowlistPath), Sysctls.Select(s => s.Key));
        }
    }

    /// <summary>Every key must match one of the non-empty trimmed <paramref name="lines"/>; all of them are parsed first.</summary>
    public static void CheckAllowlist(IEnumerable<string> lines, IEnumerable<string> keys)
    {
        var patterns = lines.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var matchers = patterns.Select(SysctlPattern.Parse).ToList();
        foreach (var key in keys)
        {
            if (!matchers.Any(m => m.IsMatch(key)))
            {
                throw new CniException(CniErrorCode.Internal,
                    $"Sysctl {key} is not allowed. Only the following sysctls are allowed: [{string.Join(' ', patterns)}]");
            }
        }
    }

    private static void RejectDuplicateSysctls(JsonElement root)
    {
        foreach (var p in root.EnumerateObject())
        {
            if (string.Equals(p.Name, "sysctl", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.Object)
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                if (p.Value.EnumerateObject().Any(s => !seen.Add(s.Name)))
                {
                    throw new CniException(CniErrorCode.Internal, "duplicated sysctl keys are not allowed");
                }
            }
        }
    }
}
