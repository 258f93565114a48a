using System.Diagnostics;
using System.Text;

namespace Cni.Plugins.Tests.Harness;

/// <summary>
/// The published NativeAOT <c>cni</c> binary, installed into a temporary plugin directory under every plugin
/// name, and run through the real protocol: environment, stdin, stdout, exit status.
/// </summary>
internal static class CniBinary
{
    private static readonly Lazy<string> PluginDir = new(Install);

    /// <summary>The built binary: <c>CNI_TEST_BINARY</c>, else <c>artifacts/bin/cni</c> of the repository.</summary>
    public static string Path
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("CNI_TEST_BINARY") ?? System.IO.Path.Combine(RepoRoot(), "artifacts", "bin", "cni");
            return File.Exists(path) ? path : throw new FileNotFoundException(
                $"the published cni binary is missing at {path}: run 'dotnet publish src/Cni.Cli -c Release -o artifacts/bin' first (the README's test command does)");
        }
    }

    public static string Dir => PluginDir.Value;

    public sealed record Outcome(int Exit, string Stdout, string Stderr)
    {
        public Cni.CniException Error() => Exit != 0 && Cni.CniError.Parse(Encoding.UTF8.GetBytes(Stdout)) is { } e
            ? e
            : throw new InvalidOperationException($"expected an error object, got exit {Exit} stdout '{Stdout}' stderr '{Stderr}'");

        public Outcome Ok() => Exit == 0 ? this : throw new InvalidOperationException($"plugin failed ({Exit}): {Stdout} {Stderr}");
    }

    /// <summary>Runs <paramref name="plugin"/> (as its installed file name) with exactly the given variables.</summary>
    public static Outcome Exec(string plugin, IReadOnlyDictionary<string, string> env, string stdin) =>
        ExecWrapped([System.IO.Path.Combine(Dir, plugin)], env, stdin);

    /// <summary>Runs a command line (a plugin, possibly under a tracer) with exactly the given variables and stdin.</summary>
    public static Outcome ExecWrapped(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> env, string stdin)
    {
        var info = new ProcessStartInfo(argv[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in argv.Skip(1))
        {
            info.ArgumentList.Add(a);
        }
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var (k, v) in env)
        {
            info.Environment[k] = v;
        }
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderrRead = p.StandardError.ReadToEndAsync();
        try
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // It exited before reading stdin (a bad environment is refused first, as in Go); its output says why.
        }
        var stderr = stderrRead.Result;
        p.WaitForExit();
        return new Outcome(p.ExitCode, stdout.Result, stderr);
    }

    /// <summary>The variables of one call; null values are left out.</summary>
    public static Dictionary<string, string> Env(string command, string? containerId = "ctr1", string? netns = null, string? ifname = "eth0", string? args = null)
    {
        var env = new Dictionary<string, string> { ["CNI_COMMAND"] = command, ["CNI_PATH"] = Dir };
        if (containerId is not null) env["CNI_CONTAINERID"] = containerId;
        if (netns is not null) env["CNI_NETNS"] = netns;
        if (ifname is not null) env["CNI_IFNAME"] = ifname;
        if (args is not null) env["CNI_ARGS"] = args;
        return env;
    }

    private static string Install()
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cni-test-bin-" + Environment.ProcessId);
        Shell.Ok(Path, "install", dir, "--with-test-plugins");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(dir, recursive: true);
        return dir;
    }

    internal static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir, "Cni.sln")))
        {
            dir = System.IO.Path.GetDirectoryName(dir);
        }
        return dir ?? throw new InvalidOperationException("cannot find the repository root (Cni.sln)");
    }
}
