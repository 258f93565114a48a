using System.Text.Json;

namespace Cni.Linux.PacketFilter;

/// <summary>A rule of the whole nftables ruleset with where it lives and its comment.</summary>
/// <param name="Family">The table's family (<c>ip</c>, <c>ip6</c>, <c>inet</c>, ...).</param>
/// <param name="Table">The table.</param>
/// <param name="TableComment">The table's comment, or "".</param>
/// <param name="Chain">The chain.</param>
/// <param name="Handle">The rule handle.</param>
/// <param name="Comment">The rule's comment, or "".</param>
public sealed record NftRulesetRule(string Family, string Table, string TableComment, string Chain, long Handle, string Comment)
{
    /// <summary>Every rule of the ruleset (<c>nft -j list ruleset</c>); empty when nft is missing or fails.</summary>
    public static IReadOnlyList<NftRulesetRule> List()
    {
        if (FilterCommand.Find("nft") is null)
        {
            return [];
        }
        var (exit, stdout, _) = FilterCommand.Run("nft", ["-j", "list", "ruleset"]);
        if (exit != 0 || stdout.Length == 0)
        {
            return [];
        }
        using var doc = JsonDocument.Parse(stdout);
        var tableComments = new Dictionary<(string, string), string>();
        var rules = new List<NftRulesetRule>();
        foreach (var item in doc.RootElement.GetProperty("nftables").EnumerateArray())
        {
            if (item.TryGetProperty("table", out var t))
            {
                tableComments[(Text(t, "family"), Text(t, "name"))] = Text(t, "comment");
            }
            else if (item.TryGetProperty("rule", out var r))
            {
                var key = (Text(r, "family"), Text(r, "table"));
                rules.Add(new NftRulesetRule(key.Item1, key.Item2, tableComments.GetValueOrDefault(key, ""), Text(r, "chain"),
                    r.TryGetProperty("handle", out var h) ? h.GetInt64() : 0, Text(r, "comment")));
            }
        }
        return rules;
    }

    private static string Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
}
