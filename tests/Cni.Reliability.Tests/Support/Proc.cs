using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Cni.Reliability.Tests.Support;

/// <summary>Starts programs with a given environment and stdin, and kills whole process trees with SIGKILL.</summary>
internal static partial class Proc
{
    private const int SIGKILL = 9;
    private const int SIGSTOP = 19;

    public sealed record Outcome(int Exit, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {Exit}, stdout: {Stdout.Trim()}, stderr: {Stderr.Trim()}";
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

    public static Outcome Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, string? stdin = null)
    {
        using var p = Start(file, args, env);
        return Finish(p, stdin);
    }

    /// <summary>Writes stdin, reads both outputs and waits for the exit.</summary>
    public static Outcome Finish(Process p, string? stdin = null)
    {
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        try
        {
            p.StandardInput.Write(stdin ?? "");
            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process is already gone (killed): its outputs still tell what happened.
        }
        p.WaitForExit();
        return new Outcome(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string Ok(string file, params string[] args)
    {
        var o = Run(file, args);
        return o.Exit == 0 ? o.Stdout : throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {o}");
    }

    /// <summary>
    /// kill -9 of <paramref name="root"/> and every descendant, as one moment: the tree is frozen top-down with
    /// SIGSTOP (so nothing forks past the scan), scanned until no new child appears, then every member gets SIGKILL.
    /// </summary>
    /// <returns>How many processes were found alive.</returns>
    public static int KillTree(int root)
    {
        var found = new List<int>();
        if (kill(root, SIGSTOP) != 0)
        {
            return 0;
        }
        found.Add(root);
        for (int quiet = 0; quiet < 2;)
        {
            var grew = false;
            foreach (var pid in found.ToArray())
            {
                foreach (var child in Children(pid))
                {
                    if (!found.Contains(child) && kill(child, SIGSTOP) == 0)
                    {
                        found.Add(child);
                        grew = true;
                    }
                }
            }
            quiet = grew ? 0 : quiet + 1;
            Thread.Sleep(1);
        }
        foreach (var pid in found)
        {
            kill(pid, SIGKILL);
        }
        // A killed process dies only on its way back to user space: one still inside a system call (creating a
        // temporary file, say) finishes it first. Wait until every one is dead, so nothing it does lands after the
        // test's own cleanup and checks.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (found.Any(IsAlive) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(1);
        }
        return found.Count;
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return !stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static IEnumerable<int> Children(int pid)
    {
        var result = new List<int>();
        try
        {
            foreach (var task in Directory.GetDirectories($"/proc/{pid}/task"))
            {
                var text = File.ReadAllText(Path.Join(task, "children"));
                result.AddRange(text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile.
        }
        return result;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
