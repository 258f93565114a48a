using System.Globalization;
using System.Text;
using Cni.Linux.Internal;

namespace Cni.Linux.Tests;

/// <summary><see cref="ChildProcess"/>: the exec path of iptables and nft, through /bin/sh and /bin/cat.</summary>
public sealed class ChildProcessTests
{
    private static ChildProcess.Outcome Sh(string script, byte[]? stdin = null) => ChildProcess.Run("/bin/sh", ["-c", script], stdin);

    [Fact]
    public void Stdin_larger_than_a_pipe_comes_back_whole_on_stdout()
    {
        var data = new byte[1 << 20];
        new Random(7).NextBytes(data);
        var outcome = ChildProcess.Run("/bin/cat", [], data);
        Assert.Equal(0, outcome.Exit);
        Assert.Equal(data, outcome.Stdout);
        Assert.Empty(outcome.Stderr);
    }

    [Fact]
    public void Exit_status_stdout_and_stderr_are_kept_apart()
    {
        var outcome = Sh("echo out; echo err >&2; exit 3");
        Assert.Equal(3, outcome.Exit);
        Assert.Equal("out\n", Encoding.UTF8.GetString(outcome.Stdout));
        Assert.Equal("err\n", Encoding.UTF8.GetString(outcome.Stderr));
    }

    [Fact]
    public void A_signal_is_reported_as_128_plus_its_number() => Assert.Equal(128 + 15, Sh("kill -TERM $$").Exit);

    [Fact]
    public void A_child_that_exits_without_reading_stdin_is_no_error() =>
        Assert.Equal(5, Sh("exit 5", new byte[1 << 20]).Exit);

    [Fact]
    public void A_missing_program_is_a_LinuxException_with_ENOENT()
    {
        var e = Assert.Throws<LinuxException>(() => ChildProcess.Run("/nonexistent/cni-test-tool", [], null));
        Assert.Equal(2, e.Errno);
    }

    [Fact]
    public void The_child_gets_the_environment_and_SIGPIPE_at_its_default()
    {
        var outcome = Sh("printf %s \"$PATH\"; echo; grep SigIgn /proc/self/status");
        var lines = Encoding.UTF8.GetString(outcome.Stdout).Split('\n');
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), lines[0]);
        var ignored = ulong.Parse(lines[1].Split('\t')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.Equal(0UL, ignored & (1UL << (13 - 1))); // SIGPIPE is 13; this process ignores it
    }
}
