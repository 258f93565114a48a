using System.Diagnostics;

namespace Cni.Cli.Tests;

/// <summary>The published binary and a way to run it (or an installed entry) with a chosen environment.</summary>
internal static class CliBinary
{
    public static string Path
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("CNI_TEST_BINARY") ?? System.IO.Path.Combine(RepoRoot(), "artifacts", "bin", "cni");
            return File.Exists(path) ? path : throw new FileNotFoundException("publish src/Cni.Cli to artifacts/bin first (./scripts/build.sh)", path);
        }
    }

    public sealed record Outcome(int Exit, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {Exit}, stdout: {Stdout}, stderr: {Stderr}";
    }

    /// <summary>Runs <paramref name="argv"/> with exactly <paramref name="env"/> (plus PATH) when given, else the test's own environment without CNI_*.</summary>
    public static Outcome Run(IReadOnlyList<string> argv, IReadOnlyDictionary<string, string>? env = null, string stdin = "")
    {
        var info = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in argv.Skip(1))
        {
            info.ArgumentList.Add(a);
        }
        foreach (var k in info.Environment.Keys.Where(k => k.StartsWith("CNI_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(k);
        }
        if (env is not null)
        {
            info.Environment.Clear();
            info.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
            foreach (var (k, v) in env)
            {
                info.Environment[k] = v;
            }
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

    /// <summary><c>cni install</c> with the given arguments.</summary>
    public static Outcome Install(params string[] args) => Run([Path, "install", .. args]);

    public static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir, "Cni.sln")))
        {
            dir = System.IO.Path.GetDirectoryName(dir);
        }
        return dir ?? throw new InvalidOperationException("cannot find Cni.sln");
    }

    public static void RequireRoot()
    {
        if (Environment.UserName != "root")
        {
            Xunit.Assert.Fail("this integration test needs root (network namespaces); run the suite as root");
        }
    }
}
