using System.Text;
using Cni.Linux.Internal;

namespace Cni.Linux.PacketFilter;

/// <summary>Runs a packet-filter tool (iptables, nft): the only programs this project execs, as upstream does.</summary>
internal static class FilterCommand
{
    private static readonly string[] SearchPath = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];

    public static string? Find(string name) =>
        SearchPath.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    public static (int Exit, string Stdout, string Stderr) Run(string tool, IReadOnlyList<string> args, string? stdin = null)
    {
        var path = Find(tool) ?? throw new PacketFilterException(tool, args, -1, $"{tool} not found in {string.Join(':', SearchPath)}");
        ChildProcess.Outcome outcome;
        try
        {
            outcome = ChildProcess.Run(path, args, stdin is null ? null : Encoding.UTF8.GetBytes(stdin));
        }
        catch (LinuxException e)
        {
            throw new PacketFilterException(tool, args, -1, e.Message);
        }
        return (outcome.Exit, Encoding.UTF8.GetString(outcome.Stdout), Encoding.UTF8.GetString(outcome.Stderr));
    }

    public static string RunOk(string tool, IReadOnlyList<string> args, string? stdin = null)
    {
        var (exit, stdout, stderr) = Run(tool, args, stdin);
        return exit == 0 ? stdout : throw new PacketFilterException(tool, args, exit, stderr.Trim());
    }
}
