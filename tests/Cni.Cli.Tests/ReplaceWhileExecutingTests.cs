using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit;

namespace Cni.Cli.Tests;

/// <summary>
/// Reinstalling while a runtime is executing the plugins: every exec started during the replacement runs a whole
/// binary (no ETXTBSY, no ENOEXEC, no half-written file), and afterwards every entry is the new file.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReplaceWhileExecutingTests : IDisposable
{
    private const int Threads = 4;
    private readonly string _root = Directory.CreateTempSubdirectory("cni-install-race-").FullName;

    [Fact]
    public void Concurrent_execs_all_succeed_across_reinstalls_in_every_mode_and_from_another_build()
    {
        var dir = Path.Combine(_root, "bin");
        // Another build: the same program with different bytes, so each reinstall really replaces every entry.
        var other = Path.Combine(_root, "other", "cni");
        Directory.CreateDirectory(Path.GetDirectoryName(other)!);
        File.Copy(CliBinary.Path, other);
        File.AppendAllText(other, "another build " + Guid.NewGuid());
        Assert.Equal(0, CliBinary.Install(dir, "--link=copy").Exit);

        var failures = new ConcurrentQueue<string>();
        int execs = 0;
        using var stop = new CancellationTokenSource();
        var names = new[] { "bridge", "host-local", "loopback", "cnitool" };
        var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                var name = names[(t + i) % names.Length];
                var failure = ExecVersion(Path.Combine(dir, name), name == "cnitool");
                if (failure is not null)
                {
                    failures.Enqueue($"{name}: {failure}");
                }
                Interlocked.Increment(ref execs);
            }
        }) { IsBackground = true }).ToList();
        workers.ForEach(w => w.Start());

        var rounds = new (string Source, string Link)[]
        {
            (other, "copy"), (CliBinary.Path, "copy"), (other, "hard"), (CliBinary.Path, "sym"), (other, "copy"), (CliBinary.Path, "hard"), (other, "copy"),
        };
        try
        {
            foreach (var (source, link) in rounds)
            {
                int before = Volatile.Read(ref execs);
                var outcome = CliBinary.Run([source, "install", dir, "--link=" + link]);
                Assert.True(outcome.Exit == 0, $"install from {source} --link={link}: {outcome}");
                Assert.Contains("replace ", outcome.Stdout, StringComparison.Ordinal);
                // Let the workers run against the fresh entries before the next replacement.
                SpinWait.SpinUntil(() => Volatile.Read(ref execs) >= before + Threads, TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            stop.Cancel();
            workers.ForEach(w => w.Join());
        }

        Assert.True(failures.IsEmpty, $"{failures.Count} of {execs} execs failed:\n" + string.Join('\n', failures.Take(10)));
        Assert.True(execs >= rounds.Length * Threads, $"only {execs} execs ran");
        var expected = File.ReadAllBytes(other);
        foreach (var entry in Directory.GetFileSystemEntries(dir))
        {
            Assert.Null(new FileInfo(entry).LinkTarget);
            Assert.True(File.ReadAllBytes(entry).AsSpan().SequenceEqual(expected), $"{entry} is not the last installed build");
        }
        Assert.Empty(Directory.GetFiles(dir, "*.cni-new*"));
    }

    // Null when the entry ran and answered as a plugin (or cnitool), else what went wrong.
    private static string? ExecVersion(string path, bool tool)
    {
        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.Environment["CNI_COMMAND"] = "VERSION";
        if (tool)
        {
            info.ArgumentList.Add("--help");
        }
        try
        {
            using var p = Process.Start(info)!;
            p.StandardInput.Close();
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                return $"exit {p.ExitCode}: {stdout.Result} {stderr}";
            }
            return tool || stdout.Result.StartsWith("{\"cniVersion\":", StringComparison.Ordinal) ? null : "unexpected output: " + stdout.Result;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // ETXTBSY, ENOEXEC, ENOENT: the exec itself failed.
            return $"exec failed: {e.Message} (errno {e.NativeErrorCode})";
        }
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
