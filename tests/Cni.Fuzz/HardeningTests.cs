using System.Text.RegularExpressions;
using Cni.Runtime;
using Xunit;

namespace Cni.Fuzz;

/// <summary>
/// Issue 10, item 6, where it can be checked without root: no program is run through a shell (arguments always go
/// as a vector), only the known places start processes, and the runtime's result cache is private. The kernel-side
/// checks (the host namespace refused with code 8, host-local's file modes) are in the bad-input matrix.
/// </summary>
public class HardeningTests
{
    private static string Src => Path.Combine(RepoRoot(), "src");

    private static IEnumerable<(string Path, string Text)> Sources() =>
        Directory.EnumerateFiles(Src, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal))
            .Select(p => (Path.GetRelativePath(Src, p), File.ReadAllText(p)));

    // Starting processes is confined to: plugin exec (libcni), the packet filter drivers, the one helper that runs a
    // program inside a namespace, and cnitool's own commands.
    private static readonly string[] MayStartProcesses =
    [
        "Cni/Invoke/PluginProcess.cs", "Cni.Linux/PacketFilter/FilterCommand.cs", "Cni.Linux/NetNsProcess.cs",
        "Cni.Tool/Internal/ExecCommand.cs", "Cni.Tool/Internal/ConformRunner.cs",
    ];

    [Fact]
    public void No_program_is_run_through_a_shell_or_with_a_joined_argument_string()
    {
        var problems = new List<string>();
        foreach (var (path, text) in Sources())
        {
            if (Regex.IsMatch(text, @"UseShellExecute\s*=\s*true|""/bin/(ba)?sh""|""(ba)?sh""\s*,\s*""-c""|new ProcessStartInfo\([^)]*,"))
            {
                problems.Add($"{path}: shell or joined arguments");
            }
            if (Regex.IsMatch(text, @"\.Arguments\s*=|Arguments\s*=\s*\$?""", RegexOptions.None) && text.Contains("ProcessStartInfo", StringComparison.Ordinal))
            {
                problems.Add($"{path}: ProcessStartInfo.Arguments (a string the callee re-splits) instead of ArgumentList");
            }
            if (Regex.IsMatch(text, @"Process\.Start\(|new ProcessStartInfo") && !MayStartProcesses.Contains(path))
            {
                problems.Add($"{path}: starts a process outside the known places");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_packet_filter_drivers_run_only_iptables_and_nft()
    {
        var programs = Sources().Where(s => s.Path.StartsWith("Cni.Linux/PacketFilter/", StringComparison.Ordinal))
            .SelectMany(s => Regex.Matches(s.Text, @"(?:FilterCommand\.(?:Run|RunOk|Find)|new)\(\s*""(/\S*/)?([A-Za-z0-9_.-]+)""").Select(m => m.Groups[2].Value))
            .ToHashSet();
        Assert.Contains("nft", programs);
        Assert.Subset(new HashSet<string> { "iptables", "ip6tables", "nft", "iptables-save", "ip6tables-save", "iptables-restore", "ip6tables-restore" }, programs);
    }

    [Fact]
    public void The_result_cache_is_private()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var dir = Path.Combine(Path.GetTempPath(), "cni-fuzz-cache-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var cache = new ResultCache(dir);
            var rt = new RuntimeConf { ContainerId = "ctr", IfName = "eth0", NetNS = "/var/run/netns/x" };
            cache.Add(CniResults.Parse("{\"cniVersion\":\"1.1.0\",\"ips\":[{\"address\":\"198.18.0.5/24\"}]}"u8), "{\"cniVersion\":\"1.1.0\",\"name\":\"net\"}"u8.ToArray(), "net", rt);
            var file = cache.GetPath("net", "ctr", "eth0");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cache.ResultsDir));
            foreach (var bad in new[] { "../x", "a/b", "..", "" })
            {
                var e = Record.Exception(() => cache.GetPath(bad, "ctr", "eth0"));
                Assert.True(e is CniException, $"network \"{bad}\" gave {e?.GetType().Name ?? "a path"}");
            }
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    private static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Cni.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return dir ?? throw new InvalidOperationException("cannot find the repository root (Cni.sln)");
    }
}
