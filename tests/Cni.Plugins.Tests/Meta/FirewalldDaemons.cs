using System.Diagnostics;
using Cni.Plugins.Tests.Harness;

namespace Cni.Plugins.Tests.Meta;

/// <summary>
/// A private system-like <c>dbus-daemon</c>, and optionally a real <c>firewalld</c> on it, both inside a test
/// namespace (firewalld must never touch the host's netfilter), with sockets, config copy and logs in a temp dir.
/// firewalld without polkit on its bus lets root (uid 0) do everything.
/// </summary>
public sealed class FirewalldDaemons : IDisposable
{
    /// <summary>firewalld keeps temp files in this host directory (not per namespace); we remove it if we made it.</summary>
    private const string TempDir = "/run/firewalld";

    private readonly List<Process> _processes = [];
    private bool _madeTempDir;

    public FirewalldDaemons() : this(withFirewalld: true)
    {
    }

    private FirewalldDaemons(bool withFirewalld)
    {
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("the firewalld tests need root (network namespaces); run the suite as root");
        }
        Dir = Directory.CreateTempSubdirectory("cnit-fwd-").FullName;
        Netns = new TestNetns("fwd");
        try
        {
            StartBus();
            if (withFirewalld)
            {
                StartFirewalld();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Dir { get; }

    internal TestNetns Netns { get; }

    public string BusAddress => $"unix:path={Dir}/bus.sock";

    /// <summary>Only the bus, nobody owning firewalld's name.</summary>
    public static FirewalldDaemons BusOnly() => new(withFirewalld: false);

    /// <summary><c>firewall-cmd</c> (firewalld's own python client) on the private bus.</summary>
    public (int Exit, string Stdout, string Stderr) FirewallCmd(params string[] args) =>
        Shell.Run("env", ["DBUS_SYSTEM_BUS_ADDRESS=" + BusAddress, "ip", "netns", "exec", Netns.Name, "firewall-cmd", .. args]);

    public string Log => File.Exists(Path.Combine(Dir, "firewalld.log")) ? File.ReadAllText(Path.Combine(Dir, "firewalld.log")) : "(no log)";

    private void StartBus()
    {
        var config = Path.Combine(Dir, "bus.conf");
        File.WriteAllText(config, $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>system</type>
              <listen>{BusAddress}</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow user="root"/>
                <allow own="*"/>
                <allow send_destination="*"/>
                <allow receive_sender="*"/>
              </policy>
            </busconfig>
            """);
        var bus = Start(["ip", "netns", "exec", Netns.Name, "dbus-daemon", "--config-file=" + config, "--nofork", "--nopidfile", "--print-address"], redirect: true);
        // --print-address prints once the socket listens.
        var printed = bus.StandardOutput.ReadLine();
        if (printed is null || !printed.StartsWith(BusAddress, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"dbus-daemon did not start: '{printed}' {(bus.HasExited ? bus.StandardError.ReadToEnd() : "")}");
        }
    }

    private void StartFirewalld()
    {
        // Its own copy of the system config, so nothing under /etc changes; runtime sources are never written anyway.
        Shell.Ok("cp", "-r", "/etc/firewalld", Path.Combine(Dir, "etc"));
        _madeTempDir = !Directory.Exists(TempDir);
        var firewalld = Start(["env", "DBUS_SYSTEM_BUS_ADDRESS=" + BusAddress, "ip", "netns", "exec", Netns.Name, "firewalld", "--nofork", "--nopid",
            "--system-config", Path.Combine(Dir, "etc"), "--log-target", "file", "--log-file", Path.Combine(Dir, "firewalld.log")], redirect: false);
        var deadline = Stopwatch.StartNew();
        while (FirewallCmd("--state").Stdout.Trim() != "running")
        {
            if (firewalld.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new InvalidOperationException($"firewalld did not come up on the private bus (exited: {firewalld.HasExited}): {Log}");
            }
            Thread.Sleep(200);
        }
    }

    private Process Start(string[] argv, bool redirect)
    {
        var info = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = redirect, RedirectStandardError = redirect };
        foreach (var a in argv.Skip(1))
        {
            info.ArgumentList.Add(a);
        }
        var p = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {argv[0]}");
        _processes.Add(p);
        return p;
    }

    public void Dispose()
    {
        // firewalld first (it flushes its rules on exit), then the bus.
        foreach (var p in Enumerable.Reverse(_processes))
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
            }
            p.Dispose();
        }
        Netns.Dispose();
        Directory.Delete(Dir, recursive: true);
        if (_madeTempDir && Directory.Exists(TempDir) && !Directory.EnumerateFileSystemEntries(TempDir).Any())
        {
            Directory.Delete(TempDir);
        }
    }
}
