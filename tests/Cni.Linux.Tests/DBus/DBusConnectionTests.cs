using System.Diagnostics;
using System.Net.Sockets;
using Cni.Linux.DBus;

namespace Cni.Linux.Tests.DBus;

/// <summary>Our client against a private <c>dbus-daemon</c> (Debian's <c>dbus</c> package) listening in a temp dir; no root needed.</summary>
[Trait("Category", "Integration")]
public sealed class DBusConnectionTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("cnit-dbus-").FullName;
    private Process? _daemon;

    private string Address => $"unix:path={_dir}/bus.sock";

    [Fact]
    public void Hello_name_queries_arrays_and_error_replies()
    {
        StartDaemon();
        using var bus = DBusConnection.Connect("unix:path=/nonexistent/cnit;" + Address, Timeout);
        Assert.StartsWith(":1.", bus.UniqueName, StringComparison.Ordinal);
        Assert.True(bus.NameHasOwner("org.freedesktop.DBus"));
        Assert.False(bus.NameHasOwner("org.fedoraproject.FirewallD1"));
        var names = Assert.IsType<object[]>(Assert.Single(bus.Call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "ListNames")));
        Assert.Contains(bus.UniqueName, names);
        var e = Assert.Throws<DBusException>(() => bus.Call("org.fedoraproject.FirewallD1", "/org/fedoraproject/FirewallD1",
            "org.fedoraproject.FirewallD1.zone", "addSource", "trusted", "198.18.0.5/32"));
        Assert.Equal("org.freedesktop.DBus.Error.ServiceUnknown", e.ErrorName);
        Assert.Contains("org.fedoraproject.FirewallD1", e.Message, StringComparison.Ordinal);
        Assert.True(bus.NameHasOwner(bus.UniqueName), "the connection stays usable after an error reply");
    }

    [Fact]
    public void Missing_bus_is_a_clear_error()
    {
        var e = Assert.Throws<DBusException>(() => DBusConnection.Connect(Address, Timeout));
        Assert.Null(e.ErrorName);
        Assert.StartsWith($"connecting to the D-Bus bus at {Address}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Silent_bus_times_out()
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(Path.Combine(_dir, "bus.sock")));
        listener.Listen();
        var e = Assert.Throws<DBusException>(() => DBusConnection.Connect(Address, TimeSpan.FromMilliseconds(200)));
        Assert.Contains("no answer from the D-Bus bus", e.Message, StringComparison.Ordinal);
    }

    private void StartDaemon()
    {
        var config = Path.Combine(_dir, "bus.conf");
        File.WriteAllText(config, $"""
            <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
             "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
            <busconfig>
              <type>system</type>
              <listen>{Address}</listen>
              <auth>EXTERNAL</auth>
              <policy context="default">
                <allow user="*"/>
                <allow own="*"/>
                <allow send_destination="*"/>
                <allow receive_sender="*"/>
              </policy>
            </busconfig>
            """);
        var info = new ProcessStartInfo("dbus-daemon") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--config-file=" + config, "--nofork", "--nopidfile", "--print-address" })
        {
            info.ArgumentList.Add(a);
        }
        _daemon = Process.Start(info) ?? throw new InvalidOperationException("cannot start dbus-daemon (scripts/install-deps.sh installs the dbus package)");
        // --print-address prints once the socket listens.
        var printed = _daemon.StandardOutput.ReadLine();
        Assert.True(printed is not null && printed.StartsWith(Address, StringComparison.Ordinal),
            $"dbus-daemon did not start: {printed} {(_daemon.HasExited ? _daemon.StandardError.ReadToEnd() : "")}");
    }

    public void Dispose()
    {
        if (_daemon is { HasExited: false })
        {
            _daemon.Kill();
            _daemon.WaitForExit();
        }
        _daemon?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
