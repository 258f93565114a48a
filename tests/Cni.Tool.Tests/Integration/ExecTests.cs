using System.Diagnostics;

namespace Cni.Tool.Tests.Integration;

/// <summary><c>cnitool exec</c> with real commands, the published binary and our bridge + host-local plugins.</summary>
[Trait("Category", "Integration")]
public sealed class ExecTests
{
    [Fact]
    public void Runs_the_command_inside_an_attached_namespace_and_returns_its_status()
    {
        Sh.RequireRoot();
        using var world = new NetworkWorld("exec");
        var before = Sh.NamedNetns();
        var hostNs = Sh.Ok("readlink", "/proc/self/ns/net").Trim();

        var run = Sh.Run(ToolBinary.Cnitool, ["exec", world.Name, "--cache-dir", world.CacheDir, "--",
            "sh", "-c", "read line; echo \"got $line\"; ip -4 -o addr show eth0; readlink /proc/self/ns/net; echo oops >&2; exit 7"],
            world.Env, stdin: "hello\n");

        Assert.True(run.Exit == 7, run.ToString());
        var lines = run.Stdout.Split('\n');
        Assert.Equal("got hello", lines[0]);
        Assert.Contains("inet " + world.Subnet[..^4] + "2/24", lines[1]);
        Assert.NotEqual(hostNs, lines[2]);
        Assert.Equal("oops\n", run.Stderr);
        AssertCleanedUp(world, before);
    }

    [Fact]
    public void Cleans_up_when_the_command_cannot_be_started()
    {
        Sh.RequireRoot();
        using var world = new NetworkWorld("exec");
        var before = Sh.NamedNetns();

        var run = world.Cnitool("exec", world.Name, "--", "/nonexistent/program");

        Assert.True(run.Exit == 127, run.ToString());
        Assert.Contains("/nonexistent/program", run.Stderr);
        AssertCleanedUp(world, before);
    }

    [Fact]
    public void A_failed_attach_runs_nothing_and_leaves_nothing()
    {
        Sh.RequireRoot();
        using var world = new NetworkWorld("exec");
        world.WriteConfig(world.Bridge, pluginType: "no-such-plugin");
        var before = Sh.NamedNetns();

        var run = world.Cnitool("exec", world.Name, "--", "touch", Path.Join(world.Root, "ran"));

        Assert.True(run.Exit == 1, run.ToString());
        Assert.Contains("no-such-plugin", run.Stderr);
        Assert.False(File.Exists(Path.Join(world.Root, "ran")));
        AssertCleanedUp(world, before);
    }

    [Theory]
    [InlineData("TERM", false, 143)]
    [InlineData("INT", true, 130)]
    public void A_signal_ends_the_command_and_still_cleans_up(string signal, bool toProcessGroup, int status)
    {
        Sh.RequireRoot();
        using var world = new NetworkWorld("exec");
        var before = Sh.NamedNetns();
        // setsid: a process group of its own, as a terminal's foreground job; Ctrl-C signals the whole group.
        using var p = Sh.Start("setsid", [ToolBinary.Cnitool, "exec", world.Name, "--cache-dir", world.CacheDir, "--", "sleep", "60"], world.Env);
        try
        {
            var watch = Stopwatch.StartNew();
            while (!world.BridgePorts().Contains("veth", StringComparison.Ordinal) || Sh.Run("pgrep", ["-g", p.Id.ToString(), "sleep"]).Exit != 0)
            {
                Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"the command never started: ports {world.BridgePorts()}, group {p.Id}: {Sh.Run("ps", ["-eo", "pid,pgid,comm"]).Stdout}");
                Thread.Sleep(50);
            }
            Sh.Ok("kill", "-" + signal, "--", (toProcessGroup ? "-" : "") + p.Id);
            Assert.True(p.WaitForExit(TimeSpan.FromSeconds(20)), "cnitool did not exit after SIG" + signal);
            Assert.Equal(status, p.ExitCode);
            AssertCleanedUp(world, before);
        }
        finally
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
            }
        }
    }

    private static void AssertCleanedUp(NetworkWorld world, string[] before)
    {
        Assert.Empty(world.Reservations());
        Assert.Empty(world.CacheEntries());
        Assert.Equal("", world.BridgePorts());
        Assert.Empty(Sh.NamedNetns().Where(n => n.StartsWith("cnitool-exec-", StringComparison.Ordinal)).Except(before));
    }
}
