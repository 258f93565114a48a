using System.Text.Json;
using Cni.Linux.Internal;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.PacketFilter;

/// <summary>The <c>nft</c> driver: one transaction per call through <c>nft -f -</c>, JSON for reading.</summary>
public static class Nftables
{
    /// <summary>Usable when <c>nft</c> exists, is newer than 1.0.0, and can check a table creation (Go's <c>SupportsNFTables</c>).</summary>
    public static bool IsUsable()
    {
        if (FilterCommand.Find("nft") is null)
        {
            return false;
        }
        var (exit, version, _) = FilterCommand.Run("nft", ["--version"]);
        if (exit != 0 || version.Contains(" v0.", StringComparison.Ordinal) || version.Contains(" v1.0.0", StringComparison.Ordinal))
        {
            return false;
        }
        return FilterCommand.Run("nft", ["--check", "-f", "-"], "add table ip supports_nftables_test\n").Exit == 0;
    }

    /// <summary>Applies a transaction atomically.</summary>
    public static void Apply(string transaction) => FilterCommand.RunOk("nft", ["-f", "-"], transaction);

    /// <summary>A chain's rules as <c>nft -j</c> lists them; null when the table or chain does not exist.</summary>
    public static IReadOnlyList<NftRule>? ListRules(string family, string table, string chain)
    {
        if (TableExists(family, table) == false)
        {
            return null;
        }
        var (exit, stdout, _) = FilterCommand.Run("nft", ["-j", "list", "chain", family, table, chain]);
        if (exit != 0)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(stdout);
        var rules = new List<NftRule>();
        foreach (var item in doc.RootElement.GetProperty("nftables").EnumerateArray())
        {
            if (item.TryGetProperty("rule", out var r))
            {
                rules.Add(new NftRule(r.GetProperty("handle").GetInt64(),
                    r.TryGetProperty("comment", out var c) ? c.GetString() ?? "" : ""));
            }
        }
        return rules;
    }

    /// <summary>Every rule of a table, with its chain, from one <c>nft -j list table</c>; null when the table does not exist.</summary>
    public static IReadOnlyList<NftChainRule>? ListTableRules(string family, string table)
    {
        if (TableExists(family, table) == false)
        {
            return null;
        }
        var (exit, stdout, _) = FilterCommand.Run("nft", ["-j", "list", "table", family, table]);
        if (exit != 0)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(stdout);
        var rules = new List<NftChainRule>();
        foreach (var item in doc.RootElement.GetProperty("nftables").EnumerateArray())
        {
            if (item.TryGetProperty("rule", out var r))
            {
                rules.Add(new NftChainRule(r.GetProperty("chain").GetString() ?? "", r.GetProperty("handle").GetInt64(),
                    r.TryGetProperty("comment", out var c) ? c.GetString() ?? "" : ""));
            }
        }
        return rules;
    }

    /// <summary>
    /// Whether the table exists, asked through nfnetlink (one request, no <c>nft</c> exec): false only when the kernel
    /// answers ENOENT; null when it cannot say (no nf_tables, another error), so callers fall back to <c>nft</c>.
    /// </summary>
    public static bool? TableExists(string family, string table)
    {
        byte? nfproto = family switch
        {
            "inet" => NFPROTO_INET,
            "ip" => NFPROTO_IPV4,
            "ip6" => NFPROTO_IPV6,
            "bridge" => NFPROTO_BRIDGE,
            "netdev" => NFPROTO_NETDEV,
            "arp" => NFPROTO_ARP,
            _ => null,
        };
        if (nfproto is null)
        {
            return null;
        }
        try
        {
            using var socket = NetlinkSocket.Open(NETLINK_NETFILTER, namespacePath: null);
            Span<byte> buffer = stackalloc byte[NetlinkWriter.DefaultCapacity];
            var request = NetlinkWriter.GetNftTable(buffer, nfproto.Value, table);
            var found = socket.Query(request.Complete(), static (_, _) => Found, "getting an nftables table", absentErrno: Interop.Libc.ENOENT);
            return found.Count > 0;
        }
        catch (LinuxException)
        {
            return null;
        }
    }

    private static readonly object Found = new();
}
