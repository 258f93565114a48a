using System.Text.Json;

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
}
