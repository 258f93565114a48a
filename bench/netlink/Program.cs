// Creates a veth pair with the peer directly in a namespace, gives the peer an address, sets it up and adds a
// default route through it: once with src/Cni.Linux (netlink, in process) and once with the same four `ip` commands,
// alternately, each iteration on a fresh namespace (created and removed outside the timed part). Prints medians,
// min-max and the ratio. Root only. Usage: Cni.Bench.Netlink [iterations=100] [warmup=5]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Cni.Linux;

var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
var warmup = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var ours = new List<double>();
var ip = new List<double>();
var gateway = IPAddress.Parse("198.18.250.1");
var address = IPAddress.Parse("198.18.250.2");

using var host = Rtnl.Open();
for (var i = 0; i < warmup + iterations; i++)
{
    foreach (var useIp in i % 2 == 0 ? new[] { false, true } : new[] { true, false })
    {
        var name = $"cnib-nl{i % 1000}{(useIp ? "i" : "o")}";
        var elapsed = Fresh(name, ns => useIp ? WithIp(name, ns) : WithNetlink(name, ns));
        if (i >= warmup)
            (useIp ? ip : ours).Add(elapsed);
    }
}

Report("Cni.Linux (netlink, in process)", ours);
Report("ip commands (4 execs)", ip);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio ours/ip (median): {Median(ours) / Median(ip):F3}"));
return 0;

double WithNetlink(string name, NetNs ns)
{
    var sw = Stopwatch.StartNew();
    host.Links.Create(new VethSpec { Name = name, PeerName = "eth0", PeerNamespace = ns });
    using var inside = Rtnl.OpenIn(ns);
    var index = inside.Links.Get("eth0")!.Index;
    inside.Addresses.Add(index, address, 24);
    inside.Links.SetUp(index);
    inside.Routes.Add(new Route { Destination = new IPNetwork(IPAddress.Any, 0), Gateway = gateway, OutputIndex = index });
    return sw.Elapsed.TotalMilliseconds;
}

static double WithIp(string name, NetNs ns)
{
    var netns = Path.GetFileName(ns.Path);
    var sw = Stopwatch.StartNew();
    Ip("link", "add", name, "type", "veth", "peer", "name", "eth0", "netns", netns);
    Ip("-n", netns, "addr", "add", "198.18.250.2/24", "dev", "eth0");
    Ip("-n", netns, "link", "set", "eth0", "up");
    Ip("-n", netns, "route", "add", "default", "via", "198.18.250.1", "dev", "eth0");
    return sw.Elapsed.TotalMilliseconds;
}

static double Fresh(string name, Func<NetNs, double> body)
{
    NetNs.Delete(name);
    using var ns = NetNs.Create(name);
    try
    {
        return body(ns);
    }
    finally
    {
        NetNs.Delete(name);
        using var rtnl = Rtnl.Open();
        if (rtnl.Links.Get(name) is { } link)
            rtnl.Links.Delete(link.Index);
    }
}

static void Ip(params string[] argv)
{
    var psi = new ProcessStartInfo("ip") { RedirectStandardError = true, UseShellExecute = false };
    foreach (var a in argv)
        psi.ArgumentList.Add(a);
    using var p = Process.Start(psi)!;
    var err = p.StandardError.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0)
        throw new InvalidOperationException($"ip {string.Join(' ', argv)}: {err}");
}

static double Median(List<double> v)
{
    var s = v.Order().ToArray();
    return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
}

static void Report(string what, List<double> v) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-34} median {Median(v),8:F3} ms  min {v.Min(),8:F3}  max {v.Max(),8:F3}  (n={v.Count})"));
