using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Cni.Differential.Tests.Harness;

/// <summary>
/// Replaces what legitimately differs between two identical runs by stable tokens, numbered in order of first
/// appearance in one world (<c>veth&lt;8 hex&gt;</c> names), or by a plain token (random MACs, EUI-64 link-local
/// addresses derived from them) and the world's own namespace and directory names. MACs are not numbered: a
/// difference in which interface carries which random MAC is asserted by dedicated tests instead.
/// </summary>
internal sealed partial class Normalizer(string worldPrefix, IReadOnlySet<string> keptMacs)
{
    private readonly Dictionary<string, string> _veths = [];

    public string Apply(string text)
    {
        text = text.Replace(worldPrefix, "<world>", StringComparison.Ordinal);
        text = LinkLocal().Replace(text, m => LinkLocalToken(m.Value));
        text = Mac().Replace(text, m => MacToken(m.Value));
        text = Veth().Replace(text, m => Token(_veths, m.Value, "veth"));
        return text;
    }

    private string MacToken(string mac)
    {
        var lower = mac.ToLowerInvariant();
        return lower is "00:00:00:00:00:00" or "ff:ff:ff:ff:ff:ff" || keptMacs.Contains(lower) ? lower : "<mac>";
    }

    /// <summary>
    /// fe80::XXXX:XXff:feXX:XXXX is derived from a MAC: name it after that MAC's token. A MAC starting 02:00 gives a
    /// zero first group, which the text form drops (fe80::ecff:fe49:2171).
    /// </summary>
    private string LinkLocalToken(string text)
    {
        if (!IPAddress.TryParse(text, out var ip))
        {
            return text;
        }
        var b = ip.GetAddressBytes();
        if (b[11] != 0xff || b[12] != 0xfe)
        {
            return text;
        }
        var mac = string.Join(':', new[] { (byte)(b[8] ^ 0x02), b[9], b[10], b[13], b[14], b[15] }.Select(x => x.ToString("x2", CultureInfo.InvariantCulture)));
        return MacToken(mac) == "<mac>" ? "<ll>" : "<ll:" + mac + ">";
    }

    private static string Token(Dictionary<string, string> map, string value, string kind)
    {
        if (!map.TryGetValue(value, out var token))
        {
            token = $"<{kind}{map.Count + 1}>";
            map[value] = token;
        }
        return token;
    }

    [GeneratedRegex(@"\bfe80::([0-9a-f]{1,4}:){2,3}[0-9a-f]{1,4}\b")]
    private static partial Regex LinkLocal();

    [GeneratedRegex(@"\b[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}\b")]
    private static partial Regex Mac();

    [GeneratedRegex(@"\bveth[0-9a-f]{8}\b")]
    private static partial Regex Veth();
}
