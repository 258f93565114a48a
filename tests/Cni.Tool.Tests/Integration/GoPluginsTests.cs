namespace Cni.Tool.Tests.Integration;

/// <summary>
/// Our cnitool driving one conflist through our plugins and through the Go reference plugins (Debian's
/// containernetworking-plugins in /usr/lib/cni, installed by scripts/install-deps.sh): one pod each, on the same
/// bridge and the same host-local store. Both must work, see each other, and leave nothing after DEL.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GoPluginsTests
{
    private const string GoPluginDir = "/usr/lib/cni";

    [Fact]
    public void One_conflist_runs_with_our_plugins_and_with_Gos_side_by_side()
    {
        Sh.RequireRoot();
        Assert.True(File.Exists(Path.Join(GoPluginDir, "bridge")), $"Go's plugins are missing from {GoPluginDir}: run scripts/install-deps.sh");
        using var world = new NetworkWorld("go");
        WriteChain(world);
        var ours = new Pod(world, ToolBinary.Dir);
        var go = new Pod(world, GoPluginDir);
        try
        {
            var oursIp = ours.Add();
            var goIp = go.Add();
            Assert.NotEqual(oursIp, goIp);
            Assert.Equal(4, world.Reservations().Length);
            Assert.Equal(2, world.CacheEntries().Length);
            Assert.Equal(2, world.BridgePorts().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

            ours.Check();
            go.Check();
            Assert.Equal(0, ours.Ping(goIp).Exit);
            Assert.Equal(0, go.Ping(oursIp).Exit);
            var filter = Sh.Ok("iptables-save", "-t", "filter");
            Assert.Contains($"-d {oursIp}/32", filter);
            Assert.Contains($"-d {goIp}/32", filter);

            ours.Del();
            go.Del();
            Assert.Empty(world.Reservations());
            Assert.Empty(world.CacheEntries());
            Assert.Equal("", world.BridgePorts().Trim());
            filter = Sh.Ok("iptables-save", "-t", "filter");
            Assert.DoesNotContain($"-d {oursIp}/32", filter);
            Assert.DoesNotContain($"-d {goIp}/32", filter);

            ours.Del();   // DEL is idempotent under both implementations
            go.Del();
        }
        finally
        {
            ours.Dispose();
            go.Dispose();
        }
    }

    [Theory]
    [InlineData("file")]
    [InlineData("directory")]
    [InlineData("missing")]
    public void A_netns_path_that_is_not_a_namespace_is_refused_and_leaves_nothing(string kind)
    {
        Sh.RequireRoot();
        using var world = new NetworkWorld("nsbad");
        var path = Path.Join(world.Root, "not-a-netns");
        if (kind == "file")
        {
            File.WriteAllText(path, "");
        }
        else if (kind == "directory")
        {
            Directory.CreateDirectory(path);
        }

        var add = world.Cnitool("add", world.Name, path);

        Assert.NotEqual(0, add.Exit);
        Assert.Contains(path, add.Stderr + add.Stdout);
        Assert.Matches("namespace|netns", add.Stderr + add.Stdout);
        Assert.Empty(world.Reservations());
        Assert.Empty(world.CacheEntries());
        Assert.False(Directory.Exists($"/sys/class/net/{world.Bridge}"), $"bridge {world.Bridge} was made for a refused ADD");
        Assert.Equal(0, world.Cnitool("del", world.Name, path).Exit);   // the runtime's cleanup DEL still succeeds
    }

    // No portmap here: Go 1.1.1's portmap CHECK looks for its IPv4 rules in the IPv6 table and always fails.
    private static string V6Subnet(NetworkWorld world) => $"fd00:c7:{world.Subnet.Split('.')[2]}::/64";

    private static void WriteChain(NetworkWorld world) =>
        File.WriteAllText(Path.Join(world.ConfDir, "10-test.conflist"), $$$"""
            {"cniVersion":"1.0.0","name":"{{{world.Name}}}","plugins":[
              {"type":"bridge","bridge":"{{{world.Bridge}}}","isGateway":true,
               "ipam":{"type":"host-local","dataDir":"{{{world.DataDir}}}","ranges":[[{"subnet":"{{{world.Subnet}}}"}],[{"subnet":"{{{V6Subnet(world)}}}"}]]}},
              {"type":"firewall","backend":"iptables"},
              {"type":"tuning","sysctl":{"net.ipv4.conf.eth0.arp_ignore":"1"}}]}
            """);

    /// <summary>A namespace attached through the plugins in <c>pluginDir</c>.</summary>
    private sealed class Pod(NetworkWorld world, string pluginDir) : IDisposable
    {
        private readonly string _netns = "cnit-go-" + Guid.NewGuid().ToString("N")[..8];
        private bool _created;

        private string Path => "/var/run/netns/" + _netns;

        private Dictionary<string, string> Env
        {
            get
            {
                var env = world.Env;
                env["CNI_PATH"] = pluginDir;
                return env;
            }
        }

        /// <summary>Go cnitool's container ID: <c>cnitool-</c> and the first 10 bytes of SHA-512 of the netns path, in hex.</summary>
        public string ContainerId => "cnitool-" + Convert.ToHexStringLower(
            System.Security.Cryptography.SHA512.HashData(System.Text.Encoding.UTF8.GetBytes(Path)).AsSpan(0, 10));

        public string Add()
        {
            Sh.Ok("ip", "netns", "add", _netns);
            _created = true;
            var add = Tool("add");
            Assert.True(add.Exit == 0, $"ADD through {pluginDir}: {add}");
            using var result = System.Text.Json.JsonDocument.Parse(add.Stdout);
            Assert.Contains(System.IO.Path.Join(world.CacheDir, "results", $"{world.Name}-{ContainerId}-eth0"), world.CacheEntries());
            Assert.Equal("1", Sh.Ok("ip", "netns", "exec", _netns, "cat", "/proc/sys/net/ipv4/conf/eth0/arp_ignore").Trim());
            var ips = result.RootElement.GetProperty("ips").EnumerateArray().Select(ip => ip.GetProperty("address").GetString()!.Split('/')[0]).ToArray();
            Assert.Equal(2, ips.Length);
            return ips[0];
        }

        public void Check()
        {
            var check = Tool("check");
            Assert.True(check.Exit == 0, $"CHECK through {pluginDir}: {check}");
        }

        public void Del()
        {
            var del = Tool("del");
            Assert.True(del.Exit == 0, $"DEL through {pluginDir}: {del}");
        }

        public Sh.Outcome Ping(string ip) => Sh.Run("ip", ["netns", "exec", _netns, "ping", "-c", "1", "-W", "2", ip]);

        public void Dispose()
        {
            if (_created)
            {
                Tool("del");
                Sh.Run("ip", ["netns", "delete", _netns]);
            }
        }

        private Sh.Outcome Tool(string verb) =>
            Sh.Run(ToolBinary.Cnitool, [verb, world.Name, Path, "--cache-dir", world.CacheDir], Env);
    }
}
