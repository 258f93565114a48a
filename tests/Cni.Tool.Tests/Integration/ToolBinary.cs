using System.Diagnostics;

namespace Cni.Tool.Tests.Integration;

/// <summary>
/// The published NativeAOT <c>cni</c> binary (<c>CNI_TEST_BINARY</c>, else <c>artifacts/bin/cni</c>), installed once per
/// test run into a temporary plugin directory under every name, <c>cnitool</c> included.
/// </summary>
internal static class ToolBinary
{
    private static readonly Lazy<string> Installed = new(Install);

    public static string Dir => Installed.Value;

    public static string Cnitool => Path.Join(Dir, "cnitool");

    public static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Join(dir, "Cni.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return dir ?? throw new InvalidOperationException("cannot find the repository root (Cni.sln)");
    }

    private static string Install()
    {
        var binary = Environment.GetEnvironmentVariable("CNI_TEST_BINARY") ?? Path.Join(RepoRoot(), "artifacts", "bin", "cni");
        if (!File.Exists(binary))
        {
            throw new FileNotFoundException(
                $"the published cni binary is missing at {binary}: run 'dotnet publish src/Cni.Cli -c Release -o artifacts/bin' first");
        }
        var dir = Path.Join(Path.GetTempPath(), "cni-tool-test-bin-" + Environment.ProcessId);
        Sh.Ok(binary, "install", dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(dir, recursive: true);
        return dir;
    }
}

/// <summary>Runs programs for the tests, and reads kernel state with independent tools (tests only).</summary>
internal static class Sh
{
    public sealed record Outcome(int Exit, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {Exit}, stdout: {Stdout}, stderr: {Stderr}";
    }

    public static Outcome Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, string? stdin = null)
    {
        using var p = Start(file, args, env);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderrRead = p.StandardError.ReadToEndAsync();
        try
        {
            p.StandardInput.Write(stdin ?? "");
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

    public static Process Start(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }
        return Process.Start(info)!;
    }

    public static string Ok(string file, params string[] args)
    {
        var o = Run(file, args);
        return o.Exit == 0 ? o.Stdout : throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {o}");
    }

    public static void RequireRoot()
    {
        if (Environment.UserName != "root")
        {
            Assert.Fail("this integration test needs root (network namespaces); run the suite as root");
        }
    }

    public static string[] NamedNetns() =>
        Directory.Exists("/var/run/netns") ? Directory.GetFiles("/var/run/netns").Select(f => Path.GetFileName(f)).ToArray() : [];
}
