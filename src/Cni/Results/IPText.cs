using System.Net;

namespace Cni;

/// <summary>IP address text as Go reads and prints it.</summary>
public static class IPText
{
    /// <summary>Parses a plain address.</summary>
    /// <exception cref="FormatException"><c>invalid IP address: &lt;s&gt;</c></exception>
    public static IPAddress Parse(string text) =>
        !text.Contains('%') && !text.Contains('/') && IPAddress.TryParse(text, out var ip) && (text.Contains(':') || text.Count(c => c == '.') == 3)
            ? ip
            : throw new FormatException("invalid IP address: " + text);

    /// <summary>Formats an address; IPv4-mapped IPv6 prints as dotted IPv4 like Go.</summary>
    public static string Format(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4().ToString() : ip.ToString();
}
