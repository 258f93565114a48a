using System.Diagnostics;
using System.Text;
using Cni.Plugins.Tests.Harness;

namespace Cni.Plugins.Tests.Ipam.Dhcp;

/// <summary>
/// Two namespaces joined by a veth pair — dnsmasq serving 198.19.N.0/24 on one side, the "container" with eth0 on
/// the other — and our dhcp daemon (the published binary) on a private socket. Everything is removed on dispose.
/// </summary>
internal sealed class DhcpTestbed : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cni-dhcp-test-").FullName;
    private readonly string _serverLink;
    private Process? _dnsmasq;
    private Process? _daemon;
    private readonly StringBuilder _dnsmasqLog = new();
    private readonly StringBuilder _daemonLog = new();

    public DhcpTestbed()
    {
        EnsureDnsmasq();
        Subnet = Random.Shared.Next(2, 250);
        Server = new TestNetns("dhcps");
        Container = new TestNetns("dhcpc");
        _serverLink = "dhs" + Guid.NewGuid().ToString("N")[..8];
        Shell.Ok("ip", "link", "add", _serverLink, "netns", Server.Name, "type", "veth", "peer", "name", "eth0", "netns", Container.Name);
        Shell.Ok("ip", "-n", Server.Name, "addr", "add", $"{Prefix}.1/24", "dev", _serverLink);
        Shell.Ok("ip", "-n", Server.Name, "link", "set", _serverLink, "up");
    }

    public int Subnet { get; }
    public string Prefix => $"198.19.{Subnet}";
    public TestNetns Server { get; }
    public TestNetns Container { get; }
    public string SocketPath => Path.Combine(_dir, "dhcp.sock");
    public string LeaseFile => Path.Combine(_dir, "dnsmasq.leases");

    public string DaemonLog
    {
        get
        {
            lock (_daemonLog)
            {
                return _daemonLog.ToString();
            }
        }
    }

    /// <summary>Starts dnsmasq: pool .10-.50, lease 2 min (its minimum), short T1/T2, option 121 for those who ask.</summary>
    public void StartServer(int t1 = 60, int t2 = 100)
    {
        _dnsmasq = Start("ip", _dnsmasqLog, "netns", "exec", Server.Name, "dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null",
            "--port=0", "--no-ping", "--log-dhcp", "--log-facility=-", $"--interface={_serverLink}", "--bind-interfaces",
            "--except-interface=lo", $"--dhcp-range={Prefix}.10,{Prefix}.50,255.255.255.0,2m", $"--dhcp-leasefile={LeaseFile}",
            $"--pid-file={Path.Combine(_dir, "dnsmasq.pid")}", $"--dhcp-option=option:T1,{t1}", $"--dhcp-option=option:T2,{t2}",
            $"--dhcp-option=121,198.18.200.0/24,{Prefix}.1,{Prefix}.128/25,0.0.0.0");
        Poll(() => Locked(_dnsmasqLog).Contains("DHCP, sockets bound", StringComparison.Ordinal), "dnsmasq to start", Diagnostics);
    }

    public void StopServer()
    {
        Stop(_dnsmasq);
        _dnsmasq = null;
    }

    public void StartDaemon()
    {
        _daemon = Start(Path.Combine(CniBinary.Dir, "dhcp"), _daemonLog, "daemon", "-socketpath", SocketPath,
            "-timeout", "1s", "-resendmax", "2s", "-resendtimeout", "6s");
        Poll(() => File.Exists(SocketPath), "the dhcp daemon's socket", Diagnostics);
    }

    /// <summary>Gives eth0 its address, as the main plugin would: renewals are answered by unicast to it.</summary>
    public void ConfigureAddress(string cidr) => Shell.Ok("ip", "-n", Container.Name, "addr", "add", cidr, "dev", "eth0");

    /// <summary>dnsmasq's lease file: address → expiry (Unix seconds).</summary>
    public Dictionary<string, long> Leases() => !File.Exists(LeaseFile)
        ? []
        : File.ReadAllLines(LeaseFile).Select(l => l.Split(' ')).Where(f => f.Length > 2).ToDictionary(f => f[2], f => long.Parse(f[0]));

    public string Diagnostics() => $"daemon:\n{DaemonLog}\ndnsmasq:\n{Locked(_dnsmasqLog)}";

    /// <summary>Polls <paramref name="condition"/>; on timeout the daemon's and dnsmasq's logs explain.</summary>
    public void WaitFor(Func<bool> condition, string what, int seconds = 10) => Poll(condition, what, Diagnostics, seconds);

    private static void Poll(Func<bool> condition, string what, Func<string> diagnostics, int seconds = 10)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException($"timed out waiting for {what}:\n{diagnostics()}");
            }
            Thread.Sleep(100);
        }
    }

    private static string Locked(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private static Process Start(string file, StringBuilder log, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        var p = Process.Start(info)!;
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.AppendLine(e.Data);
                }
            }
        };
        p.ErrorDataReceived += append;
        p.OutputDataReceived += append;
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        return p;
    }

    private static void Stop(Process? p)
    {
        if (p is null)
        {
            return;
        }
        if (!p.HasExited)
        {
            p.Kill(entireProcessTree: true);
        }
        p.WaitForExit(5000);
        p.Dispose();
    }

    // dnsmasq-base is the binary alone: the full "dnsmasq" package would also start a DNS service on the host.
    private static void EnsureDnsmasq()
    {
        if (File.Exists("/usr/sbin/dnsmasq"))
        {
            return;
        }
        Shell.Ok("apt-get", "install", "-y", "-qq", "--no-install-recommends", "dnsmasq-base");
    }

    public void Dispose()
    {
        Stop(_daemon);
        Stop(_dnsmasq);
        Container.Dispose();
        Server.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
