using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests;

/// <summary>
/// The bad-input matrix (issue 10, item 2): every case runs the published binary through the real protocol and must
/// fail with the spec's code, a message that names the problem, exit status 1, exactly one JSON error object on stdout,
/// and no change to the kernel (host links, addresses, routes, iptables, nftables; the container namespace) or to disk
/// (its dataDir, /var/lib/cni). Host state is shared with other suites running at the same time, so a host difference
/// counts only when it mentions this run's token (network name, container ID, bridge name) or the TEST-NET-2 range
/// the cases use; the container namespace and the dataDir belong to this test and are compared whole.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BadInputMatrixTests(ITestOutputHelper output, BadInputMatrixTests.World world) : IClassFixture<BadInputMatrixTests.World>
{
    /// <summary>What the cases share: a token, a container namespace, the paths that stand for bad namespaces.</summary>
    public sealed class World : IDisposable
    {
        public World()
        {
            Token = "bim" + Guid.NewGuid().ToString("N")[..6];
            Root = Path.Combine(Path.GetTempPath(), "cni-" + Token);
            Directory.CreateDirectory(Path.Combine(Root, "a-directory"));
            File.WriteAllText(Path.Combine(Root, "a-file"), "not a namespace");
            // The host's namespace under a path that does not say so, as a confused or hostile runtime could pass it.
            HostBind = Path.Combine(Root, "host-netns");
            File.WriteAllText(HostBind, "");
            Shell.Ok("mount", "--bind", "/proc/self/ns/net", HostBind);
            Shell.Ok("ip", "link", "add", Master, "type", "veth", "peer", "name", Token + "p");
        }

        /// <summary>A host link for macvlan to sit on (a veth: this kernel may lack dummy).</summary>
        public string Master => Token + "m";

        public string HostBind { get; }

        public string Token { get; }
        public string Root { get; }
        public void Dispose()
        {
            RemoveLeftovers();
            Shell.Run("ip", "link", "del", Master);
            Shell.Run("umount", HostBind);
            Directory.Delete(Root, recursive: true);
        }

        /// <summary>Links a misbehaving case left on the host (their names carry the token), so the next case starts clean.</summary>
        public void RemoveLeftovers()
        {
            foreach (var line in Shell.Ok("ip", "-o", "link", "show").Split('\n'))
            {
                var name = line.Split(':', 3) is [_, var n, _] ? n.Trim().Split('@')[0] : "";
                if (name.StartsWith(Token, StringComparison.Ordinal) && name != Master && name != Token + "p")
                {
                    Shell.Run("ip", "link", "del", name);
                }
            }
        }
    }

    public enum Ns { Fresh, Missing, RegularFile, Directory, HostSelf, HostBind, MountNs }

    /// <param name="Codes">The acceptable spec codes (more than one only where the spec allows either).</param>
    /// <param name="Message">Text the error's msg must contain.</param>
    public sealed record Case(string Plugin, string Stdin, uint[] Codes, string Message, string Command = "ADD", string? ContainerId = null,
                              Ns Netns = Ns.Fresh, string IfName = "eth0", string? Args = null);

    private const uint V = CniErrorCode.IncompatibleCniVersion, Env = CniErrorCode.InvalidEnvironmentVariables, Dec = CniErrorCode.DecodingFailure,
                       Cfg = CniErrorCode.InvalidNetworkConfig, IO = CniErrorCode.IOFailure, Internal = CniErrorCode.Internal, Unknown = CniErrorCode.UnknownContainer, NetNs = CniErrorCode.InvalidNetNs;

    // Placeholders filled per run: {NET} network name, {ID} container ID, {BR} bridge name, {MASTER} a host dummy link, {DIR} the case's dataDir, {NS} the netns path.
    private static string Conf(string plugin, string extra = "", string version = "1.1.0") =>
        $"{{\"cniVersion\":\"{version}\",\"name\":\"{{NET}}\",\"type\":\"{plugin}\"{(extra.Length > 0 ? "," + extra : "")}}}";

    private const string Ipam = "\"ipam\":{\"type\":\"host-local\",\"subnet\":\"198.18.253.0/24\",\"dataDir\":\"{DIR}\"}";
    private const string Prev = "\"prevResult\":{\"cniVersion\":\"1.1.0\",\"interfaces\":[{\"name\":\"{BR}h\"},{\"name\":\"eth0\",\"sandbox\":\"{NS}\"}]," +
                                "\"ips\":[{\"interface\":1,\"address\":\"198.18.253.5/24\",\"gateway\":\"198.18.253.1\"}]}";
    private static readonly string Bridge = Conf("bridge", "\"bridge\":\"{BR}\"," + Ipam);

    private static string HostLocal(string ipam) => Conf("host-local", $"\"ipam\":{{\"type\":\"host-local\",\"dataDir\":\"{{DIR}}\",{ipam}}}");
    private static string Static(string ipam) => Conf("static", $"\"ipam\":{{\"type\":\"static\",{ipam}}}");

    public static readonly Dictionary<string, Case> Cases = new()
    {
        // Malformed, truncated, wrongly typed JSON
        ["malformed"] = new("loopback", "{\"cniVersion\":", [Dec], "error unmarshall network config"),
        ["truncated bridge config"] = new("bridge", Bridge[..(Bridge.Length / 2)], [Dec], "error unmarshall network config"),
        ["empty stdin"] = new("bridge", "", [Dec], "error unmarshall network config"),
        ["array"] = new("bridge", "[]", [Dec], "cannot unmarshal array"),
        ["null"] = new("bridge", "null", [Dec], "error unmarshall network config"),
        ["string"] = new("loopback", "\"x\"", [Dec], "cannot unmarshal string"),
        ["trailing garbage"] = new("bridge", Bridge + "x", [Dec], "error unmarshall network config"),
        ["two objects"] = new("bridge", Bridge + Bridge, [Dec], "error unmarshall network config"),
        ["nesting 100000 deep"] = new("bridge", new string('[', 100_000), [Dec], "error unmarshall network config"),
        ["huge stdin 64 MiB unterminated"] = new("bridge", "@huge", [Dec], "error unmarshall network config"),
        ["name is a number"] = new("bridge", Bridge.Replace("\"{NET}\"", "7", StringComparison.Ordinal), [Dec], "name"),
        ["cniVersion is an object"] = new("bridge", Bridge.Replace("\"1.1.0\"", "{}", StringComparison.Ordinal), [Dec], "cniVersion"),
        ["ipam is a string"] = new("bridge", Conf("bridge", "\"bridge\":\"{BR}\",\"ipam\":\"host-local\""), [Dec], "ipam"),
        ["capabilities value is a string"] = new("portmap", Conf("portmap", "\"capabilities\":{\"portMappings\":\"yes\"}," + Prev), [Dec], "capabilities"),
        ["name is not UTF-8"] = new("bridge", "@latin1" + Bridge.Replace("{NET}", "{NET}\xff", StringComparison.Ordinal), [Dec, Cfg], "name"),
        ["name is a lone surrogate"] = new("bridge", Bridge.Replace("{NET}", "{NET}\\ud800", StringComparison.Ordinal), [Dec, Cfg], "name"),
        ["ipam.type is not UTF-8"] = new("bridge", "@latin1" + Bridge.Replace("\"host-local\"", "\"host\xff\"", StringComparison.Ordinal), [Dec, Cfg], "host"),

        // Versions
        ["unknown cniVersion 7.0.0"] = new("bridge", Conf("bridge", "\"bridge\":\"{BR}\"," + Ipam, "7.0.0"), [V], "7.0.0"),
        ["future cniVersion 1.2.0"] = new("bridge", Conf("bridge", "\"bridge\":\"{BR}\"," + Ipam, "1.2.0"), [V], "1.2.0"),
        ["malformed cniVersion 1.1.0.0"] = new("bridge", Conf("bridge", "\"bridge\":\"{BR}\"," + Ipam, "1.1.0.0"), [V], "1.1.0.0"),
        ["cniVersion v1"] = new("loopback", Conf("loopback", "", "v1"), [V], "v1"),

        // Names and paths from input
        ["missing name"] = new("bridge", Bridge.Replace("\"name\":\"{NET}\",", "", StringComparison.Ordinal), [Cfg], "name"),
        ["name ../x"] = new("host-local", HostLocal("\"subnet\":\"198.18.253.0/24\"").Replace("{NET}", "../{NET}", StringComparison.Ordinal), [Cfg], "network name"),
        ["name a/b"] = new("host-local", HostLocal("\"subnet\":\"198.18.253.0/24\"").Replace("{NET}", "{NET}/b", StringComparison.Ordinal), [Cfg], "network name"),
        ["name .."] = new("host-local", HostLocal("\"subnet\":\"198.18.253.0/24\"").Replace("\"{NET}\"", "\"..\"", StringComparison.Ordinal), [Cfg], "network name"),
        ["name with NUL"] = new("host-local", HostLocal("\"subnet\":\"198.18.253.0/24\"").Replace("{NET}", "{NET}\\u0000x", StringComparison.Ordinal), [Cfg], "network name"),
        ["name with newline"] = new("host-local", HostLocal("\"subnet\":\"198.18.253.0/24\"").Replace("{NET}", "{NET}\\nx", StringComparison.Ordinal), [Cfg], "network name"),
        ["name 4 KiB"] = new("host-local", HostLocal("\"subnet\":\"198.18.253.0/24\"").Replace("{NET}", "{NET}" + new string('n', 4096), StringComparison.Ordinal), [Cfg, IO], "nnnn"),
        ["ipam.type ../host-local"] = new("bridge", Bridge.Replace("\"host-local\"", "\"../host-local\"", StringComparison.Ordinal), [Cfg], "../host-local"),
        ["ipam.type /bin/sh"] = new("bridge", Bridge.Replace("\"host-local\"", "\"/bin/sh\"", StringComparison.Ordinal), [Cfg], "/bin/sh"),
        ["ipam.type .."] = new("ptp", Conf("ptp", Ipam.Replace("\"host-local\"", "\"..\"", StringComparison.Ordinal)), [Cfg], ".."),
        ["ipam.type sub/dir"] = new("macvlan", Conf("macvlan", "\"master\":\"{MASTER}\"," + Ipam.Replace("\"host-local\"", "\"sub/host-local\"", StringComparison.Ordinal)), [Cfg], "sub/host-local"),
        ["container id a/b"] = new("bridge", Bridge, [Env], "containerID", ContainerId: "{ID}/b"),
        ["container id .."] = new("host-local", HostLocal("\"subnet\":\"198.18.253.0/24\""), [Env], "containerID", ContainerId: ".."),
        ["container id ../../etc"] = new("host-local", HostLocal("\"subnet\":\"198.18.253.0/24\""), [Env], "containerID", Command: "DEL", ContainerId: "../../etc"),
        ["container id with newline"] = new("bridge", Bridge, [Env], "containerID", ContainerId: "{ID}\nx"),
        ["container id 4 KiB with /"] = new("bridge", Bridge, [Env], "containerID", ContainerId: "{ID}/" + new string('c', 4096)),
        ["ifname 16 bytes"] = new("bridge", Bridge, [Env], "interface name", IfName: "abcdefghijklmnop"),
        ["ifname 16 bytes in UTF-8"] = new("bridge", Bridge, [Env], "interface name", IfName: "eeeeeeee\u00e9\u00e9\u00e9\u00e9"),
        ["ifname with :"] = new("bridge", Bridge, [Env], "interface name", IfName: "eth0:1"),
        ["ifname with /"] = new("bridge", Bridge, [Env], "interface name", IfName: "a/b"),
        ["ifname .."] = new("ptp", Conf("ptp", Ipam), [Env], "interface name", IfName: ".."),
        ["ifname with space"] = new("macvlan", Conf("macvlan", "\"master\":\"{MASTER}\"," + Ipam), [Env], "interface name", IfName: "eth 0"),

        // CNI_NETNS
        ["netns is a regular file"] = new("bridge", Bridge, [Env], "netns", Netns: Ns.RegularFile),
        ["netns is a directory"] = new("bridge", Bridge, [Env], "netns", Netns: Ns.Directory),
        ["netns is missing"] = new("bridge", Bridge, [Unknown], "netns", Netns: Ns.Missing),
        ["netns is a mount namespace"] = new("ptp", Conf("ptp", Ipam), [Env], "netns", Netns: Ns.MountNs),
        ["netns is the host's /proc/self/ns/net"] = new("bridge", Bridge, [NetNs], "netns", Netns: Ns.HostSelf),
        ["netns is a bind mount of the host's"] = new("ptp", Conf("ptp", Ipam), [NetNs], "netns", Netns: Ns.HostBind),
        ["bridge into a bind mount of the host's"] = new("bridge", Bridge, [NetNs], "netns", Netns: Ns.HostBind),
        ["macvlan into the host namespace"] = new("macvlan", Conf("macvlan", "\"master\":\"{MASTER}\"," + Ipam), [NetNs], "netns", Netns: Ns.HostSelf),
        ["host-local in the host namespace"] = new("host-local", HostLocal("\"subnet\":\"198.18.253.0/24\""), [NetNs], "netns", Netns: Ns.HostSelf),

        // Other variables
        ["CNI_ARGS a=b=c"] = new("host-local", HostLocal("\"subnet\":\"198.18.253.0/24\""), [Env], "ARGS", Args: "a=b=c"),
        ["CNI_ARGS unknown key"] = new("host-local", HostLocal("\"subnet\":\"198.18.253.0/24\""), [Env], "ARGS", Args: "FOO=bar"),
        ["CNI_ARGS IgnoreUnknown=maybe"] = new("host-local", HostLocal("\"subnet\":\"198.18.253.0/24\""), [Env], "ARGS", Args: "IgnoreUnknown=maybe;FOO=1"),
        ["CNI_ARGS IP not an address"] = new("host-local", HostLocal("\"subnet\":\"198.18.253.0/24\""), [Env], "IP", Args: "IP=198.51.100"),
        ["CNI_COMMAND lower case"] = new("bridge", Bridge, [Env], "add", Command: "add"),

        // prevResult that contradicts the config
        ["prevResult 0.2.0 under 1.1.0"] = new("portmap", Conf("portmap", "\"prevResult\":{\"cniVersion\":\"0.2.0\",\"ip4\":{\"ip\":\"198.18.253.5/24\"}}"), [Dec], "prevResult"),
        ["prevResult 1.1.0 under 0.4.0"] = new("tuning", Conf("tuning", Prev, "0.4.0"), [Dec], "prevResult"),
        ["prevResult version is an object"] = new("bandwidth", Conf("bandwidth", "\"ingressRate\":8000,\"ingressBurst\":8000,\"prevResult\":{\"cniVersion\":{}}"), [Dec], "cniVersion"),
        ["prevResult ips holds a boolean"] = new("portmap", Conf("portmap", "\"prevResult\":{\"cniVersion\":\"1.1.0\",\"ips\":[false]}"), [Dec], "unmarshal"),
        ["prevResult is an array"] = new("firewall", Conf("firewall", "\"prevResult\":[]"), [Dec], "prevResult"),
        ["prevResult address is not a CIDR"] = new("portmap", Conf("portmap", Prev.Replace("198.18.253.5/24", "198.18.253.300/24", StringComparison.Ordinal)), [Dec], "198.18.253.300"),
        ["prevResult interface index out of range"] = new("firewall", Conf("firewall", Prev.Replace("\"interface\":1", "\"interface\":9", StringComparison.Ordinal)), [Cfg, Dec], "interface"),
        ["host-local CHECK of an attachment never added"] = new("host-local", HostLocal("\"subnet\":\"198.18.253.0/24\""), [Internal], "Failed to find address", Command: "CHECK"),

        // Invalid plugin options
        ["bridge hairpin and promisc"] = new("bridge", Conf("bridge", "\"bridge\":\"{BR}\",\"hairpinMode\":true,\"promiscMode\":true," + Ipam), [Cfg], "hairpin"),
        ["bridge name 16 bytes"] = new("bridge", Bridge.Replace("{BR}", "{BR}xxxxxxxxxxxx", StringComparison.Ordinal), [Cfg], "bridge name"),
        ["bridge name with /"] = new("bridge", Bridge.Replace("{BR}", "x/{BR}", StringComparison.Ordinal), [Cfg], "bridge name"),
        ["bridge mtu is a string"] = new("bridge", Conf("bridge", "\"bridge\":\"{BR}\",\"mtu\":\"big\"," + Ipam), [Dec, Cfg], "mtu"),
        ["bridge vlan 5000"] = new("bridge", Conf("bridge", "\"bridge\":\"{BR}\",\"vlan\":5000," + Ipam), [Cfg], "5000"),
        ["bridge container interface disabled with ipam"] = new("bridge", Conf("bridge", "\"bridge\":\"{BR}\",\"disableContainerInterface\":true," + Ipam), [Cfg], "IPAM"),
        ["ptp ipMasqBackend pf"] = new("ptp", Conf("ptp", "\"ipMasq\":true,\"ipMasqBackend\":\"pf\"," + Ipam), [Cfg], "pf"),
        ["ptp mtu -1"] = new("ptp", Conf("ptp", "\"mtu\":-1," + Ipam), [Cfg], "MTU"),
        ["ptp without ipam"] = new("ptp", Conf("ptp"), [Cfg], "ipam"),
        ["macvlan mode bridgy"] = new("macvlan", Conf("macvlan", "\"master\":\"{MASTER}\",\"mode\":\"bridgy\"," + Ipam), [Cfg], "bridgy"),
        ["macvlan mac not-a-mac"] = new("macvlan", Conf("macvlan", "\"master\":\"{MASTER}\",\"mac\":\"not-a-mac\"," + Ipam), [Cfg], "not-a-mac"),
        ["macvlan mtu -5"] = new("macvlan", Conf("macvlan", "\"master\":\"{MASTER}\",\"mtu\":-5," + Ipam), [Cfg], "-5"),
        ["host-local subnet /33"] = new("host-local", HostLocal("\"subnet\":\"198.18.253.0/33\""), [Cfg], "198.18.253.0/33"),
        ["host-local no subnet"] = new("host-local", HostLocal("\"gateway\":\"198.18.253.1\""), [Cfg], "range"),
        ["host-local empty ranges"] = new("host-local", HostLocal("\"ranges\":[]"), [Cfg], "range"),
        ["host-local gateway not an IP"] = new("host-local", HostLocal("\"subnet\":\"198.18.253.0/24\",\"gateway\":\"x\""), [Cfg], "x"),
        ["host-local route dst invalid"] = new("host-local", HostLocal("\"subnet\":\"198.18.253.0/24\",\"routes\":[{\"dst\":\"nope\"}]"), [Cfg], "nope"),
        ["static address without prefix"] = new("static", Static("\"addresses\":[{\"address\":\"198.18.253.9\"}]"), [Cfg], "198.18.253.9"),
        ["static gateway invalid"] = new("static", Static("\"addresses\":[{\"address\":\"198.18.253.9/24\",\"gateway\":\"gw\"}]"), [Cfg], "gw"),
        ["static two v4 in 0.2.0"] = new("static", Static("\"addresses\":[{\"address\":\"198.18.253.9/24\"},{\"address\":\"198.18.253.10/24\"}]").Replace("1.1.0", "0.2.0", StringComparison.Ordinal), [Cfg], "more than 1 address"),
        ["static route dst invalid"] = new("static", Static("\"addresses\":[{\"address\":\"198.18.253.9/24\"}],\"routes\":[{\"dst\":\"nope\"}]"), [Cfg], "nope"),
        ["portmap hostPort 70000"] = new("portmap", Conf("portmap", "\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":70000,\"containerPort\":80,\"protocol\":\"tcp\"}]}," + Prev), [Cfg], "70000"),
        ["portmap protocol icmp"] = new("portmap", Conf("portmap", "\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"icmp\"}]}," + Prev), [Cfg], "icmp"),
        ["portmap snat is a string"] = new("portmap", Conf("portmap", "\"snat\":\"yes\"," + Prev), [Dec, Cfg], "snat"),
        ["portmap backend pf"] = new("portmap", Conf("portmap", "\"backend\":\"pf\"," + Prev), [Cfg], "pf"),
        ["portmap without prevResult"] = new("portmap", Conf("portmap"), [Cfg], "prevResult"),
        ["bandwidth rate without burst"] = new("bandwidth", Conf("bandwidth", "\"ingressRate\":8000," + Prev), [Cfg], "burst"),
        ["bandwidth negative rate"] = new("bandwidth", Conf("bandwidth", "\"ingressRate\":-8,\"ingressBurst\":8000," + Prev), [Cfg, Dec], "ingressRate"),
        ["bandwidth without prevResult"] = new("bandwidth", Conf("bandwidth", "\"ingressRate\":8000,\"ingressBurst\":8000"), [Cfg], "chained"),
        ["tuning sysctl key escapes /proc/sys/net"] = new("tuning", Conf("tuning", "\"sysctl\":{\"net/../../kernel/panic\":\"1\"}," + Prev), [Cfg], "sysctl"),
        ["tuning non-net sysctl"] = new("tuning", Conf("tuning", "\"sysctl\":{\"kernel.panic\":\"1\"}," + Prev), [Cfg], "kernel.panic"),
        ["tuning mac invalid"] = new("tuning", Conf("tuning", "\"mac\":\"zz\"," + Prev), [Cfg], "zz"),
        ["tuning mtu -1"] = new("tuning", Conf("tuning", "\"mtu\":-1," + Prev), [Cfg], "-1"),
        ["tuning without prevResult"] = new("tuning", Conf("tuning", "\"mtu\":1400"), [Cfg], "prevResult"),
        ["firewall ingressPolicy bogus"] = new("firewall", Conf("firewall", "\"ingressPolicy\":\"bogus\"," + Prev), [Cfg], "bogus"),
        ["firewall backend firewalld"] = new("firewall", Conf("firewall", "\"backend\":\"firewalld\"," + Prev), [Internal], "firewalld"),
        ["firewall without prevResult"] = new("firewall", Conf("firewall"), [Cfg], "prevResult"),
    };

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Fails_cleanly_and_changes_nothing(string name)
    {
        Harness.Root.Require();
        var c = Cases[name];
        using var netns = new TestNetns("badinput");
        if (c.Plugin is "tuning" or "bandwidth" or "firewall" or "portmap")
        {
            // A chained plugin finds the interface its prevResult names; without it every case would fail the same way.
            Shell.Ok("ip", "-n", netns.Name, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0p");
            Shell.Ok("ip", "-n", netns.Name, "addr", "add", "198.18.253.5/24", "dev", "eth0");
        }
        var (env, stdin) = Materialize(c, name, netns);
        var dataDir = DataDir(name);
        var before = Snapshot(dataDir, netns);
        var clock = Stopwatch.StartNew();
        var o = Exec(c.Plugin, env, stdin);
        output.WriteLine($"{name}: {clock.ElapsedMilliseconds} ms, exit {o.Exit}, stdout {Shorten(o.Stdout)}, stderr {Shorten(o.Stderr)}");
        var after = Snapshot(dataDir, netns);
        if (o.Exit == 0 && c.Command == "ADD")
        {
            // The case wrongly succeeded: undo it so that what it made does not hide what later cases make.
            env["CNI_COMMAND"] = "DEL";
            Exec(c.Plugin, env, stdin);
        }
        world.RemoveLeftovers();

        var problems = new List<string>();
        if (o.Exit != 1) problems.Add($"exit status {o.Exit}, expected 1");
        var error = OneErrorObject(o.Stdout, problems);
        if (error is { } e)
        {
            if (!c.Codes.Contains(e.Code)) problems.Add($"code {e.Code}, expected {string.Join(" or ", c.Codes)}");
            if (!(e.Msg + " " + e.Details).Contains(c.Message, StringComparison.OrdinalIgnoreCase)) problems.Add($"msg and details do not mention '{c.Message}'");
        }
        foreach (var (what, lines) in Diff(before, after))
        {
            problems.Add($"{what} changed:\n    " + string.Join("\n    ", lines.Take(12)));
        }
        Assert.True(problems.Count == 0, $"{name} (plugin {c.Plugin}, {c.Command}): {string.Join("; ", problems)}\n  stdout: {Shorten(o.Stdout)}\n  stderr: {Shorten(o.Stderr)}");
    }

    private string DataDir(string name) => Path.Combine(world.Root, "data-" + Math.Abs(StringComparer.Ordinal.GetHashCode(name)));

    private (Dictionary<string, string> Env, byte[] Stdin) Materialize(Case c, string name, TestNetns netns)
    {
        var id = world.Token + "c";
        var ns = c.Netns switch
        {
            Ns.Fresh => netns.Path,
            Ns.Missing => "/var/run/netns/" + world.Token + "-missing",
            Ns.RegularFile => Path.Combine(world.Root, "a-file"),
            Ns.Directory => Path.Combine(world.Root, "a-directory"),
            Ns.HostSelf => "/proc/self/ns/net",
            Ns.HostBind => world.HostBind,
            _ => "/proc/self/ns/mnt",
        };
        string Fill(string s) => s.Replace("{NET}", world.Token + "-net", StringComparison.Ordinal).Replace("{ID}", id, StringComparison.Ordinal)
            .Replace("{BR}", world.Token + "br", StringComparison.Ordinal).Replace("{DIR}", DataDir(name), StringComparison.Ordinal)
            .Replace("{NS}", ns, StringComparison.Ordinal).Replace("{MASTER}", world.Master, StringComparison.Ordinal);
        var env = CniBinary.Env(c.Command, containerId: Fill(c.ContainerId ?? "{ID}"), netns: ns, ifname: c.IfName, args: c.Args);
        byte[] stdin = c.Stdin switch
        {
            "@huge" => Huge(),
            var s when s.StartsWith("@latin1", StringComparison.Ordinal) => Encoding.Latin1.GetBytes(Fill(s["@latin1".Length..])),
            var s => Encoding.UTF8.GetBytes(Fill(s)),
        };
        return (env, stdin);
    }

    /// <summary>Issue 10, item 6: host-local's state is not readable or writable by others; the store's name cannot escape dataDir.</summary>
    [Fact]
    public void Host_local_state_is_private()
    {
        Harness.Root.Require();
        using var netns = new TestNetns("badinput");
        var dataDir = DataDir("private state");
        var conf = Encoding.UTF8.GetBytes(HostLocal("\"subnet\":\"198.18.253.0/24\"").Replace("{NET}", world.Token + "-net", StringComparison.Ordinal)
            .Replace("{DIR}", dataDir, StringComparison.Ordinal));
        var env = CniBinary.Env("ADD", containerId: world.Token + "c", netns: netns.Path);
        var o = Exec("host-local", env, conf);
        Assert.True(o.Exit == 0, o.Stdout + o.Stderr);
        try
        {
            var store = Path.Combine(dataDir, world.Token + "-net");
            var others = UnixFileMode.OtherWrite | UnixFileMode.GroupWrite;
            foreach (var entry in Directory.EnumerateFileSystemEntries(store, "*", SearchOption.AllDirectories).Append(store))
            {
                Assert.True((File.GetUnixFileMode(entry) & others) == 0, $"{entry} is writable by others: {File.GetUnixFileMode(entry)}");
            }
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(store, "198.18.253.2")));
        }
        finally
        {
            env["CNI_COMMAND"] = "DEL";
            Exec("host-local", env, conf);
        }
    }

    // CniBinary.Exec writes text; these cases need exact bytes (not UTF-8, 64 MiB).
    private static CniBinary.Outcome Exec(string plugin, Dictionary<string, string> env, byte[] stdin)
    {
        var info = new ProcessStartInfo(Path.Combine(CniBinary.Dir, plugin))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var (k, v) in env)
        {
            info.Environment[k] = v;
        }
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        try
        {
            p.StandardInput.BaseStream.Write(stdin);
            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // The plugin may stop reading early (it failed before reading stdin); its output still tells.
        }
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill();
            throw new TimeoutException($"{plugin} hung");
        }
        return new CniBinary.Outcome(p.ExitCode, stdout.Result, stderr.Result);
    }

    // 64 MiB: a config whose last string never ends, so the whole of stdin must be read and refused.
    private static byte[] Huge()
    {
        var prefix = "{\"cniVersion\":\"1.1.0\",\"name\":\"huge\",\"type\":\"bridge\",\"pad\":\""u8;
        var bytes = new byte[64 << 20];
        bytes.AsSpan().Fill((byte)'a');
        prefix.CopyTo(bytes);
        return bytes;
    }

    private static CniException? OneErrorObject(string stdout, List<string> problems)
    {
        try
        {
            using var doc = JsonDocument.Parse(stdout);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number ||
                !root.TryGetProperty("msg", out var msg) || msg.ValueKind != JsonValueKind.String || msg.GetString()!.Length == 0)
            {
                problems.Add("stdout is not an error object with a code and a msg");
                return null;
            }
            return CniError.Parse(Encoding.UTF8.GetBytes(stdout));
        }
        catch (JsonException e)
        {
            problems.Add("stdout is not exactly one JSON object: " + e.Message);
            return null;
        }
    }

    private Dictionary<string, HashSet<string>> Snapshot(string dataDir, TestNetns netns)
    {
        var relevant = new[] { world.Token, "198.18.253.", "2001:db8:bad" };
        HashSet<string> Host(string file, params string[] args) =>
            [.. Lines(file, args).Where(l => relevant.Any(t => l.Contains(t, StringComparison.Ordinal)))];
        return new()
        {
            ["host links"] = Host("ip", "-d", "-o", "link", "show"),
            ["host addresses"] = Host("ip", "-o", "addr", "show"),
            ["host routes"] = Host("ip", "-o", "route", "show", "table", "all"),
            ["iptables"] = Host("iptables-save"),
            ["ip6tables"] = Host("ip6tables-save"),
            ["nftables"] = Host("nft", "list", "ruleset"),
            ["container links"] = [.. Lines("ip", "-n", netns.Name, "-d", "-o", "link", "show")],
            ["container addresses"] = [.. Lines("ip", "-n", netns.Name, "-o", "addr", "show")],
            ["dataDir"] = Directory.Exists(dataDir) ? [.. Directory.EnumerateFileSystemEntries(dataDir, "*", SearchOption.AllDirectories)] : [],
            ["/var/lib/cni"] = Directory.Exists("/var/lib/cni")
                ? [.. Directory.EnumerateFileSystemEntries("/var/lib/cni", "*", SearchOption.AllDirectories).Where(p => p.Contains(world.Token, StringComparison.Ordinal))]
                : [],
        };
    }

    // Counters and statistics change on their own; state does not.
    private static IEnumerable<string> Lines(string file, params string[] args) =>
        Shell.Ok(file, args).Split('\n').Select(l => System.Text.RegularExpressions.Regex.Replace(l, @"\[\d+:\d+\]|packets \d+ bytes \d+|valid_lft \S+|preferred_lft \S+|_timer\s+[\d.]+", ""))
            .Where(l => l.Length > 0 && !l.StartsWith('#'));

    private static IEnumerable<(string What, List<string> Lines)> Diff(Dictionary<string, HashSet<string>> before, Dictionary<string, HashSet<string>> after)
    {
        foreach (var (what, b) in before)
        {
            var lines = after[what].Except(b).Select(l => "+ " + l).Concat(b.Except(after[what]).Select(l => "- " + l)).ToList();
            if (lines.Count > 0)
            {
                yield return (what, lines);
            }
        }
    }

    private static string Shorten(string s) => s.Length > 600 ? s[..600] + "…" : s;
}
