using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Cni.Differential.Tests.Harness;

/// <summary>
/// Turns JSON into "path = value" lines so that two states compare line by line and a difference reads as one line.
/// Kernel dumps are order-insensitive (arrays keyed by <c>ifname</c> or sorted); results keep their order, which
/// carries meaning (<c>interface</c> indexes).
/// </summary>
internal static partial class Flatten
{
    /// <summary>Fields that change from run to run on their own (indexes, counters, timers, carrier state).</summary>
    private static readonly HashSet<string> Volatile =
    [
        "ifindex", "link_index", "link_netnsid", "stats", "stats64", "valid_life_time", "preferred_life_time",
        "operstate", "carrier_changes", "carrier_up_count", "carrier_down_count", "port_no", "port_id", "no",
        "tentative", "bridge_id", "root_id", "root_port", "root_path_cost", "topology_change", "topology_change_detected",
        "designated_root", "designated_bridge", "designated_port", "designated_cost", "topology_change_ack", "config_pending",
        "expires", "used", "linkmode",
    ];

    private static readonly HashSet<string> VolatileFlags = ["LOWER_UP", "NO-CARRIER", "M-DOWN", "linkdown"];

    private static readonly System.Text.Json.JsonSerializerOptions Plain = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEnumerable<string> Json(string text, bool kernel)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return Text(text);
        }
        var lines = new List<string>();
        Walk(node, "", kernel, lines);
        return lines;
    }

    /// <summary>Plain text output (iptables-save, nft, tc, sysctl), with counters and comments dropped.</summary>
    public static IEnumerable<string> Text(string text) =>
        text.Split('\n')
            .Select(l => Counters().Replace(l.TrimEnd(), "[-]"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'));

    private static void Walk(JsonNode? node, string path, bool kernel, List<string> lines)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    if (kernel && (Volatile.Contains(k) || k.EndsWith("_timer", StringComparison.Ordinal)))
                    {
                        continue;
                    }
                    Walk(v, path + "." + k, kernel, lines);
                }
                break;
            case JsonArray a when a.All(e => e is JsonValue):
                var values = a.Select(e => e!.ToJsonString(Plain)).Where(v => !(kernel && VolatileFlags.Contains(v.Trim('"'))));
                lines.Add($"{path} = [{string.Join(',', values)}]");
                break;
            case JsonArray a:
                var elements = a.Where(e => !(kernel && AutoLinkLocal(e))).Select(e =>
                {
                    var sub = new List<string>();
                    Walk(e, "", kernel, sub);
                    return (key: kernel ? Key(e) : null, sub);
                }).ToList();
                if (kernel)
                {
                    elements = [.. elements.OrderBy(e => e.key ?? "", StringComparer.Ordinal).ThenBy(e => string.Join('\n', e.sub), StringComparer.Ordinal)];
                }
                for (int i = 0; i < elements.Count; i++)
                {
                    var prefix = $"{path}[{elements[i].key ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)}]";
                    lines.AddRange(elements[i].sub.Select(s => prefix + s));
                }
                break;
            default:
                lines.Add($"{path} = {node?.ToJsonString(Plain) ?? "null"}");
                break;
        }
    }

    /// <summary>Kernel array elements are named by what identifies them, so one extra element is one difference.</summary>
    private static string? Key(JsonNode? e)
    {
        if (e is not JsonObject o)
        {
            return null;
        }
        if (o["ifname"] is JsonValue n)
        {
            return n.ToString();
        }
        var parts = new[] { "table", "type", "family", "dst", "local", "prefixlen", "dev", "gateway", "priority", "src" }
            .Where(k => o[k] is JsonValue).Select(k => o[k]!.ToString()).ToList();
        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    /// <summary>The kernel's own link-local address of an interface, its local route and the subnet-router anycast routes come and go with carrier and DAD.</summary>
    private static bool AutoLinkLocal(JsonNode? e) =>
        e is JsonObject o && ((o["dst"] as JsonValue)?.ToString() is "<ll>" or "fe80::" || (o["type"] as JsonValue)?.ToString() == "anycast" || (o["local"] as JsonValue)?.ToString() == "<ll>");

    [GeneratedRegex(@"\[\d+:\d+\]")]
    private static partial Regex Counters();
}
