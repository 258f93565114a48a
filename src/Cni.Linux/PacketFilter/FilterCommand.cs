using System.Diagnostics;

namespace Cni.Linux.PacketFilter;

/// <summary>Runs a packet-filter tool (iptables, nft): the only programs this project execs, as upstream does.</summary>
internal static class FilterCommand
{
    private static readonly string[] SearchPath = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];

    public static string? Find(string name) =>
        SearchPath.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    public static (int Exit, string Stdout, string Stderr) Run(string tool, IEnumerable<string> args, string? stdin = null)
    {
        var path = Find(tool) ?? throw new PacketFilterException(tool, args, -1, $"{tool} not found in {string.Join(':', SearchPath)}");
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var p = Process.Start(info) ?? throw new PacketFilterException(tool, args, -1, "could not start");
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }

    public static string RunOk(string tool, IReadOnlyList<string> args, string? stdin = null)
    {
        var (exit, stdout, stderr) = Run(tool, args, stdin);
        return exit == 0 ? stdout : throw new PacketFilterException(tool, args, exit, stderr.Trim());
    }
}
