using System.Diagnostics;
using System.Text;

namespace Cni.Runtimes.Tests;

/// <summary>
/// One run of a bash suite of tests/runtimes (a real container runtime driving our plugins): the script is run
/// once per test class, its <c>PASS name</c>/<c>FAIL name: why</c> lines parsed; each check is then one test.
/// </summary>
public abstract class RuntimeSuite
{
    /// <summary>The whole suite's time limit; the script is sent SIGTERM (it cleans up), then SIGKILL 30 s later.</summary>
    private const int TimeoutSeconds = 240;

    private readonly Dictionary<string, string?> results = new(StringComparer.Ordinal);

    protected RuntimeSuite(string script)
    {
        Script = script;
        var sw = Stopwatch.StartNew();
        var (exit, stdout, stderr) = Run(Path.Combine(RuntimesDir, script), [], TimeoutSeconds);
        Elapsed = sw.Elapsed;
        Exit = exit;
        Stderr = stderr;
        foreach (var line in stdout.Split('\n'))
        {
            if (line.StartsWith("PASS ", StringComparison.Ordinal))
            {
                results[line[5..].Trim()] = null;
            }
            else if (line.StartsWith("FAIL ", StringComparison.Ordinal))
            {
                var rest = line[5..];
                var colon = rest.IndexOf(':', StringComparison.Ordinal);
                var name = colon < 0 ? rest.Trim() : rest[..colon].Trim();
                results[name] = colon < 0 ? "(no reason given)" : rest[(colon + 1)..].Trim();
            }
        }
    }

    public string Script { get; }

    public int Exit { get; }

    public string Stderr { get; }

    public TimeSpan Elapsed { get; }

    public IReadOnlyDictionary<string, string?> Results => results;

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string RuntimesDir => Path.Combine(RepoRoot, "tests", "runtimes");

    /// <summary>The check names the script declares (<c>SCRIPT --list</c>), for the theories' data.</summary>
    public static TheoryData<string> DeclaredChecks(string script) => [.. ListChecks(script)];

    /// <summary>The check names of <c>SCRIPT --list</c>; a single "(cannot list ...)" entry when that fails.</summary>
    public static string[] ListChecks(string script)
    {
        string[] names;
        try
        {
            var (exit, stdout, stderr) = Run(Path.Combine(RuntimesDir, script), ["--list"], 60);
            names = exit == 0 ? stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            if (names.Length == 0)
            {
                names = [$"(cannot list the checks of {script}: exit {exit} {stderr.Trim()})"];
            }
        }
        catch (Exception e)
        {
            names = [$"(cannot list the checks of {script}: {e.Message})"];
        }
        return names;
    }

    /// <summary>Fails (never skips) unless the script reported the check as passed.</summary>
    public void AssertPassed(string check)
    {
        if (check.StartsWith('('))
        {
            Assert.Fail(check);
        }
        if (!results.TryGetValue(check, out var why))
        {
            Assert.Fail($"{Script} never reported check '{check}' (exit {Exit} after {Elapsed.TotalSeconds:F0}s); its stderr ends:\n{Tail(Stderr, 30)}");
        }
        if (why is not null)
        {
            Assert.Fail($"{Script}: {check} failed: {why}\n--- stderr tail ---\n{Tail(Stderr, 30)}");
        }
    }

    private static string Tail(string s, int lines)
    {
        var all = s.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    private static (int Exit, string Stdout, string Stderr) Run(string script, string[] args, int timeoutSeconds)
    {
        // coreutils timeout: SIGTERM first so that the script's EXIT trap removes what it made.
        var info = new ProcessStartInfo("timeout")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = RepoRoot,
        };
        foreach (var a in new[] { "--kill-after=30", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "bash", script })
        {
            info.ArgumentList.Add(a);
        }
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var p = Process.Start(info) ?? throw new InvalidOperationException("cannot start timeout/bash");
        p.StandardInput.Close();
        var stderr = new StringBuilder();
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        p.BeginErrorReadLine();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        lock (stderr)
        {
            var err = stderr.ToString();
            if (p.ExitCode == 124 || p.ExitCode == 137)
            {
                err += $"\n{script} timed out after {timeoutSeconds}s";
            }
            return (p.ExitCode, stdout, err);
        }
    }

    private static string FindRepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Cni.sln")) && Directory.Exists(Path.Combine(d.FullName, "tests", "runtimes")))
            {
                return d.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no repository root (Cni.sln + tests/runtimes) above {AppContext.BaseDirectory}");
    }
}

public sealed class PodmanSuite() : RuntimeSuite("podman.sh");

public sealed class ContainerdSuite() : RuntimeSuite("containerd.sh");

public sealed class CriSuite() : RuntimeSuite("cri.sh");
