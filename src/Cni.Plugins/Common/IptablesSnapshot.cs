using System.Text;
using Cni.Linux.PacketFilter;

namespace Cni.Plugins.Common;

/// <summary>
/// One table as <c>iptables-save</c> printed it, or some of its chains as <c>iptables -S CHAIN</c> printed them: which
/// chains exist and each chain's rule lines (without the <c>-A CHAIN</c> prefix). Read once per call so the changes can
/// go in a single <c>iptables-restore --noflush</c>.
/// </summary>
internal sealed class IptablesSnapshot
{
    private readonly Dictionary<string, List<string>> _chains = new(StringComparer.Ordinal);

    public static IptablesSnapshot Parse(string save)
    {
        var s = new IptablesSnapshot();
        foreach (var raw in save.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(':') || line.StartsWith("-N ", StringComparison.Ordinal) || line.StartsWith("-P ", StringComparison.Ordinal))
            {
                var start = line[0] == ':' ? 1 : 3;
                var end = line.IndexOf(' ', start);
                s._chains.TryAdd(end > 0 ? line[start..end] : line[start..], []);
            }
            else if (line.StartsWith("-A ", StringComparison.Ordinal))
            {
                var end = line.IndexOf(' ', 3);
                var chain = end > 0 ? line[3..end] : line[3..];
                if (!s._chains.TryGetValue(chain, out var rules))
                {
                    s._chains[chain] = rules = [];
                }
                rules.Add(end > 0 ? line[(end + 1)..] : "");
            }
        }
        return s;
    }

    /// <summary>Reads the table; null when the tool is missing or cannot read it (the family is unusable).</summary>
    public static IptablesSnapshot? TryRead(Iptables ipt, string table)
    {
        try
        {
            return Parse(ipt.Save(table));
        }
        catch (PacketFilterException)
        {
            return null;
        }
    }

    public bool HasChain(string chain) => _chains.ContainsKey(chain);

    public IReadOnlyList<string> Rules(string chain) => _chains.TryGetValue(chain, out var r) ? r : [];

    /// <summary>Whether some rule of <paramref name="chain"/> contains <paramref name="fragment"/> (save form, e.g. <c>-j CNI-HOSTPORT-DNAT</c>).</summary>
    public bool Any(string chain, string fragment) => Rules(chain).Any(r => (r + " ").Contains(fragment + " ", StringComparison.Ordinal));

    /// <summary>One rule as an <c>iptables-restore</c> line: arguments with spaces or quotes are double-quoted with backslash escapes.</summary>
    public static string Line(string op, string chain, IEnumerable<string> rule)
    {
        var sb = new StringBuilder(op).Append(' ').Append(chain);
        foreach (var arg in rule)
        {
            sb.Append(' ').Append(Quote(arg));
        }
        return sb.ToString();
    }

    public static string Quote(string arg) =>
        arg.Length > 0 && !arg.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\')
            ? arg
            : "\"" + arg.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
