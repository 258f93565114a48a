namespace Cni.Linux.PacketFilter;

/// <summary>A packet-filter command failed; the message shows the command line and the tool's own words.</summary>
public sealed class PacketFilterException(string tool, IEnumerable<string> args, int exitCode, string stderr)
    : Exception($"running [{tool} {string.Join(' ', args)}]: exit status {exitCode}: {stderr}")
{
    /// <summary>The tool's exit status (-1 when it could not start).</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>What the tool printed on stderr.</summary>
    public string Stderr { get; } = stderr;

    /// <summary>Whether the failure means "no such rule/chain" (go-iptables' test).</summary>
    public bool IsNotExist =>
        Stderr.Contains("Bad rule (does a matching rule exist in that chain?)", StringComparison.Ordinal) ||
        Stderr.Contains("No chain/target/match by that name", StringComparison.Ordinal) ||
        Stderr.Contains("No such file or directory", StringComparison.Ordinal) ||
        Stderr.Contains("does not exist", StringComparison.Ordinal);
}
