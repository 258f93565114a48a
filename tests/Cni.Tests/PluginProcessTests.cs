using System.Text;
using Xunit;

namespace Cni.Tests;

/// <summary>
/// <see cref="PluginProcess"/> with real child processes (small shell scripts): pipes larger than the kernel's pipe
/// buffer in every direction at once, a plugin that does not read its stdin, concurrent execs, reuse of the stderr
/// helper thread, and cancellation (before the start, and of a plugin whose child holds stdout open).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PluginProcessTests : IDisposable
{
    private const int Big = 300_000; // several times a default pipe buffer (64 KiB)

    private static readonly Dictionary<string, string> Env = new(StringComparer.Ordinal) { ["PATH"] = "/usr/bin:/bin" };

    private readonly string _dir = Directory.CreateTempSubdirectory("cni-process-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Plugin(string name, string body)
    {
        var path = Path.Join(_dir, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static string Repeat(char c, int n) => $"head -c {n} /dev/zero | tr '\\0' '{c}'";

    [Fact]
    public async Task Stdin_stdout_and_stderr_larger_than_a_pipe_all_arrive_whole()
    {
        var received = Path.Join(_dir, "stdin");
        // stderr fills its pipe before stdin is read, and stdout after: every direction must be drained at once.
        var plugin = Plugin("big", $"{Repeat('e', Big)} >&2; cat > {received}; {Repeat('o', Big)}");
        var stdin = Encoding.ASCII.GetBytes(new string('i', 1 << 20));
        var sink = new StringWriter();

        var stdout = await PluginProcess.RunAsync(plugin, Env, stdin, sink, TestContext.Current.CancellationToken);

        Assert.Equal(new string('o', Big), Encoding.ASCII.GetString(stdout));
        Assert.Equal(new string('e', Big), sink.ToString());
        Assert.Equal(stdin, File.ReadAllBytes(received));
    }

    [Fact]
    public async Task Stderr_larger_than_a_pipe_before_a_small_stdin_is_read()
    {
        var plugin = Plugin("noisy", $"{Repeat('e', Big)} >&2; cat");
        var sink = new StringWriter();

        var stdout = await PluginProcess.RunAsync(plugin, Env, """{"cniVersion":"1.1.0"}"""u8.ToArray(), sink, TestContext.Current.CancellationToken);

        Assert.Equal("""{"cniVersion":"1.1.0"}""", Encoding.ASCII.GetString(stdout));
        Assert.Equal(Big, sink.ToString().Length);
    }

    [Fact]
    public async Task A_plugin_that_exits_without_reading_a_large_stdin_reports_its_exit_status()
    {
        var plugin = Plugin("early", "echo 'refused' >&2; exit 4");
        var stdin = new byte[1 << 20];

        var e = await Assert.ThrowsAsync<CniException>(() => PluginProcess.RunAsync(plugin, Env, stdin, null, TestContext.Current.CancellationToken));

        Assert.Equal("netplugin failed: \"refused\n\": exit status 4", e.Message);
    }

    [Fact]
    public async Task Sequential_execs_reuse_the_stderr_thread()
    {
        var plugin = Plugin("echo", "echo \"$ID\"; echo \"log $ID\" >&2");
        var ct = TestContext.Current.CancellationToken;
        await PluginProcess.RunAsync(plugin, new Dictionary<string, string>(Env) { ["ID"] = "0" }, default, null, ct);
        int before = DrainThreads();
        Assert.True(before >= 1, "the first exec left no idle stderr thread");

        for (int i = 1; i <= 5; i++)
        {
            var sink = new StringWriter();
            var stdout = await PluginProcess.RunAsync(plugin, new Dictionary<string, string>(Env) { ["ID"] = $"{i}" }, default, sink, ct);
            Assert.Equal($"{i}\n", Encoding.ASCII.GetString(stdout));
            Assert.Equal($"log {i}\n", sink.ToString());
        }

        Assert.Equal(before, DrainThreads());
    }

    [Fact]
    public async Task Concurrent_execs_each_get_their_own_output()
    {
        var plugin = Plugin("id", "sleep 0.2; echo \"out $ID\"; echo \"err $ID\" >&2; [ \"$ID\" != 3 ]");
        var ct = TestContext.Current.CancellationToken;
        var runs = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            var sink = new StringWriter();
            try
            {
                var stdout = await PluginProcess.RunAsync(plugin, new Dictionary<string, string>(Env) { ["ID"] = $"{i}" }, default, sink, ct);
                return $"{Encoding.ASCII.GetString(stdout)}{sink}";
            }
            catch (CniException e)
            {
                return e.Message;
            }
        }, ct)).ToList();

        var outcomes = await Task.WhenAll(runs);

        for (int i = 0; i < 8; i++)
        {
            // A failing plugin with stdout is judged by stdout (not an error object here: a decoding failure).
            Assert.Equal(i == 3 ? "netplugin failed but error parsing its diagnostic message \"out 3\n\"" : $"out {i}\nerr {i}\n", outcomes[i]);
        }
    }

    [Fact]
    public async Task A_cancelled_token_starts_nothing()
    {
        var marker = Path.Join(_dir, "started");
        var plugin = Plugin("touch", $"touch {marker}");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PluginProcess.RunAsync(plugin, Env, default, null, cts.Token));

        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Cancellation_kills_the_plugin_and_the_child_holding_its_stdout()
    {
        var marker = Path.Join(_dir, "survived");
        // The child inherits stdout, so reading to its end needs the child dead too; left alive, it leaves a marker.
        var plugin = Plugin("hang", $"(sleep 2; touch {marker}) & wait");
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromMilliseconds(300));
        var started = DateTime.UtcNow;

        var e = await Assert.ThrowsAsync<CniException>(() => PluginProcess.RunAsync(plugin, Env, default, null, cts.Token));

        Assert.Equal("netplugin failed with no error message: signal: killed", e.Message);
        var left = started.AddSeconds(3) - DateTime.UtcNow;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left, TestContext.Current.CancellationToken);
        }
        Assert.False(File.Exists(marker), "the cancelled plugin's child was not killed");
    }

    private static int DrainThreads() =>
        Directory.GetDirectories("/proc/self/task").Count(t => ReadComm(t) == "pipe drain");

    private static string? ReadComm(string task)
    {
        try
        {
            return File.ReadAllText(Path.Join(task, "comm")).TrimEnd('\n');
        }
        catch (IOException)
        {
            return null; // the thread ended meanwhile
        }
    }
}
