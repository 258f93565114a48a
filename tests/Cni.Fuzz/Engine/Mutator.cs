using System.Text;
using System.Text.Json.Nodes;

namespace Cni.Fuzz.Engine;

/// <summary>
/// Makes new inputs from seeds: byte-level havoc (flips, interesting integers, inserts, deletes, splices,
/// dictionary tokens) for every target, plus structure-aware edits of JSON trees (a value replaced by one of
/// another type or an edge-case value, a member removed or duplicated) for the JSON targets.
/// </summary>
internal sealed class Mutator(Random random, IReadOnlyList<byte[]> seeds, bool json)
{
    private static readonly byte[][] JsonTokens = [.. new[]
    {
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800", "null", "true", "false", "0", "-0", "1e309", "-1",
        "4294967296", "18446744073709551616", "0.5", "\"\"", "\"cniVersion\"", "\"1.1.0\"", "\"0.4.0\"", "\"0.2.0\"", "\"0.1.0\"",
        "\"99.0.0\"", "\"1.1.0.0\"", "\"name\"", "\"type\"", "\"ipam\"", "\"prevResult\"", "\"ips\"", "\"address\"", "\"gateway\"",
        "\"routes\"", "\"dst\"", "\"interfaces\"", "\"interface\"", "\"dns\"", "\"plugins\"", "\"cniVersions\"", "\"ip4\"", "\"ip6\"",
        "\"version\"", "\"supportedVersions\"", "\"198.18.0.1/24\"", "\"::1/128\"", "\"::ffff:1.2.3.4/120\"", "\"1.2.3.4/33\"",
        "\"fe80::1%eth0/64\"", "\"0.0.0.0/0\"", "\"1.2.3.4\"", "\"capabilities\"", "\"runtimeConfig\"", "\"cni.dev/valid-attachments\"",
    }.Select(Encoding.UTF8.GetBytes)];

    private static readonly JsonNode?[] Values =
    [
        null, true, false, 0, -1, 1.5, int.MaxValue, long.MinValue, "", "0.4.0", "1.1.0", "0.2.0", "x/y", "..", "198.18.0.1/24",
        "198.18.0.1", "::1/128", "fd00::1", "1.2.3.4/99", "not an ip", new string('a', 300), "\0", "\u2028",
    ];

    private static readonly int[] Interesting = [0, 1, 3, 4, 7, 8, 15, 16, 20, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, -1, int.MaxValue, int.MinValue];

    public byte[] Next()
    {
        var seed = seeds[random.Next(seeds.Count)];
        if (json && random.Next(3) == 0 && MutateTree(seed) is { } tree)
        {
            return random.Next(4) == 0 ? Havoc(tree) : tree;
        }
        return Havoc(seed);
    }

    private byte[] Havoc(byte[] input)
    {
        var data = new List<byte>(input);
        int rounds = 1 << random.Next(4);
        for (int i = 0; i < rounds; i++)
        {
            Step(data);
        }
        return [.. data];
    }

    private void Step(List<byte> d)
    {
        int at = d.Count == 0 ? 0 : random.Next(d.Count);
        switch (random.Next(json ? 10 : 9))
        {
            case 0 when d.Count > 0: d[at] ^= (byte)(1 << random.Next(8)); break;
            case 1 when d.Count > 0: d[at] = (byte)random.Next(256); break;
            case 2 when d.Count > 0: d.RemoveRange(at, Math.Min(d.Count - at, 1 + random.Next(Math.Min(d.Count, 32)))); break;
            case 3: d.InsertRange(at, Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)random.Next(256))); break;
            case 4 when d.Count > 0: d.RemoveRange(at, d.Count - at); break;   // truncation
            case 5 when d.Count > 0:
                var chunk = d.Skip(at).Take(1 + random.Next(64)).ToArray();
                d.InsertRange(random.Next(d.Count), chunk);
                break;
            case 6:
                var other = seeds[random.Next(seeds.Count)];
                if (other.Length > 0)
                {
                    int from = random.Next(other.Length);
                    d.InsertRange(at, other.Skip(from).Take(1 + random.Next(other.Length - from)));
                }
                break;
            case 7 when d.Count >= 4: WriteInteresting(d, random.Next(d.Count - 3)); break;
            case 8 when d.Count >= 2:
                var bigEndian = random.Next(2) == 0;
                var v = (ushort)(Interesting[random.Next(Interesting.Length)] & 0xffff);
                int p = random.Next(d.Count - 1);
                d[p] = (byte)(bigEndian ? v >> 8 : v);
                d[p + 1] = (byte)(bigEndian ? v : v >> 8);
                break;
            case 9: d.InsertRange(at, JsonTokens[random.Next(JsonTokens.Length)]); break;
        }
    }

    private void WriteInteresting(List<byte> d, int at)
    {
        var v = Interesting[random.Next(Interesting.Length)];
        for (int i = 0; i < 4; i++)
        {
            d[at + i] = (byte)(v >> (8 * i));
        }
    }

    private byte[]? MutateTree(byte[] seed)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(seed);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
        if (root is null)
        {
            return null;
        }
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        int edits = 1 + random.Next(3);
        for (int i = 0; i < edits && nodes.Count > 1; i++)
        {
            var node = nodes[1 + random.Next(nodes.Count - 1)];
            if (node.Parent is null)
            {
                continue;
            }
            var replacement = random.Next(5) switch
            {
                0 => Values[random.Next(Values.Length)]?.DeepClone(),
                1 => new JsonArray(Values[random.Next(Values.Length)]?.DeepClone()),
                2 => new JsonObject(),
                3 => nodes[random.Next(nodes.Count)].DeepClone(),
                _ => DeepNest(1 + random.Next(80)),
            };
            Replace(node, replacement, remove: random.Next(6) == 0);
        }
        var text = root.ToJsonString();
        return Encoding.UTF8.GetBytes(random.Next(8) == 0 ? DuplicateMember(text) : text);
    }

    private static void Collect(JsonNode node, List<JsonNode> into)
    {
        into.Add(node);
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var c in children)
        {
            if (c is not null)
            {
                Collect(c, into);
            }
        }
    }

    private static void Replace(JsonNode node, JsonNode? with, bool remove)
    {
        switch (node.Parent)
        {
            case JsonObject o:
                var key = node.GetPropertyName();
                if (remove) o.Remove(key);
                else o[key] = with;
                break;
            case JsonArray a:
                int index = node.GetElementIndex();
                if (remove) a.RemoveAt(index);
                else a[index] = with;
                break;
        }
    }

    private static JsonNode DeepNest(int depth)
    {
        JsonNode node = new JsonArray();
        for (int i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["a"] = node };
        }
        return node;
    }

    // System.Text.Json nodes cannot hold a duplicate key; the text can (Go keeps the last one).
    private string DuplicateMember(string text)
    {
        int brace = text.IndexOf('{', StringComparison.Ordinal);
        return brace < 0 || text.Length < brace + 2 || text[brace + 1] == '}'
            ? text
            : text.Insert(brace + 1, random.Next(2) == 0 ? "\"cniVersion\":\"0.2.0\"," : "\"name\":7,");
    }
}
