using System.Text.Json;

namespace Cni.Tool.Tests.Integration;

/// <summary>
/// <c>cnitool repair</c> after an operator flushed the firewall. cnitool and its plugins run inside a test namespace
/// playing the host, so flushing "every" table there touches nothing else; traffic goes from that namespace to the
/// test bridge's address (assigned by this test's config) and reaches a listener in the container namespace.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RepairTests
{
    private const int HostPort = 18480;

    [Theory]
    [InlineData("iptables")]
    [InlineData("nftables")]
    public void Repair_reapplies_portmap_firewall_and_masquerade_rules_that_an_operator_flushed(string backend)
    {
        Sh.RequireRoot();
        using var world = new NetworkWorld("repair");
        var id = Guid.NewGuid().ToString("N")[..8];
        var hostNs = "cnit-rph-" + id;
        var ctrNs = "cnit-rpc-" + id;
        var gateway = world.Subnet[..^4] + "1";
        File.WriteAllText(Path.Join(world.ConfDir, "10-test.conflist"), $$$"""
            {"cniVersion":"1.0.0","name":"{{{world.Name}}}","plugins":[
              {"type":"bridge","bridge":"{{{world.Bridge}}}","isGateway":true,"ipMasq":true,"ipMasqBackend":"{{{backend}}}",
               "ipam":{"type":"host-local","dataDir":"{{{world.DataDir}}}","ranges":[[{"subnet":"{{{world.Subnet}}}"}]]}},
              {"type":"portmap","backend":"{{{backend}}}","capabilities":{"portMappings":true}},
              {"type":"firewall","backend":"{{{backend}}}"}]}
            """);
        var env = new Dictionary<string, string>(world.Env)
        {
            ["CAP_ARGS"] = $$"""{"portMappings":[{"hostPort":{{HostPort}},"containerPort":8000,"protocol":"tcp"}]}""",
        };
        Sh.Outcome Tool(params string[] args) =>
            Sh.Run("ip", ["netns", "exec", hostNs, ToolBinary.Cnitool, .. args, "--cache-dir", world.CacheDir], env);
        string InHost(params string[] args) => Sh.Ok("ip", ["netns", "exec", hostNs, .. args]);
        bool Reaches() => Sh.Run("ip", ["netns", "exec", hostNs, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "3",
            $"http://{gateway}:{HostPort}/"]).Stdout == "200";

        Sh.Ok("ip", "netns", "add", hostNs);
        Sh.Ok("ip", "netns", "add", ctrNs);
        System.Diagnostics.Process? listener = null;
        try
        {
            Sh.Ok("ip", "-n", hostNs, "link", "set", "lo", "up");
            var add = Tool("add", world.Name, "/var/run/netns/" + ctrNs);
            Assert.True(add.Exit == 0, add.ToString());
            using (var result = JsonDocument.Parse(add.Stdout))
            {
                var ip = result.RootElement.GetProperty("ips")[0].GetProperty("address").GetString()!.Split('/')[0];
                listener = Sh.Start("ip", ["netns", "exec", ctrNs, "python3", "-m", "http.server", "8000", "--bind", ip]);
                for (int i = 0; i < 50 && !Sh.Ok("ip", "netns", "exec", ctrNs, "ss", "-ltn").Contains($"{ip}:8000", StringComparison.Ordinal); i++)
                {
                    Thread.Sleep(100);
                }
            }
            Assert.True(Reaches(), "the mapping does not work after ADD");
            var healthy = RepairJson(Tool("repair", world.Name, "--json"), out var exit);
            Assert.Equal(0, exit);
            Assert.Equal("ok", healthy.GetProperty("status").GetString());

            // The operator's reload: every rule gone.
            if (backend == "iptables")
            {
                InHost("iptables", "-t", "nat", "-F");
                InHost("iptables", "-t", "filter", "-F");
                Assert.DoesNotContain("-j DNAT", InHost("iptables-save", "-t", "nat"), StringComparison.Ordinal);
            }
            else
            {
                InHost("nft", "delete", "table", "ip", "cni_hostport");
                InHost("nft", "delete", "table", "inet", "cni_firewall");
                InHost("nft", "delete", "table", "inet", "cni_plugins_masquerade");
            }
            Assert.False(Reaches(), "still mapped after the flush");
            var check = Tool("check", world.Name, "/var/run/netns/" + ctrNs);
            Assert.True(check.Exit != 0, "CHECK without repair passed after the flush: " + check);

            var repaired = RepairJson(Tool("repair", world.Name, "--json"), out exit);
            Assert.Equal(0, exit);
            Assert.Equal("repaired", repaired.GetProperty("status").GetString());
            var what = string.Join('\n', repaired.GetProperty("repaired").EnumerateArray().Select(l => l.GetString()));
            Assert.Contains("portmap: repaired", what, StringComparison.Ordinal);
            Assert.Contains("firewall: repaired", what, StringComparison.Ordinal);
            Assert.Contains("bridge: repaired", what, StringComparison.Ordinal);

            Assert.True(Reaches(), "the mapping does not work after repair");
            check = Tool("check", world.Name, "/var/run/netns/" + ctrNs);
            Assert.True(check.Exit == 0, "CHECK fails after repair: " + check);
            if (backend == "iptables")
            {
                Assert.Contains("-j CNI-HOSTPORT-DNAT", InHost("iptables-save", "-t", "nat"), StringComparison.Ordinal);
                Assert.Contains("-j MASQUERADE", InHost("iptables-save", "-t", "nat"), StringComparison.Ordinal);
                Assert.Contains("-A CNI-FORWARD", InHost("iptables-save", "-t", "filter"), StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains("masquerade", InHost("nft", "list", "table", "inet", "cni_plugins_masquerade"), StringComparison.Ordinal);
                Assert.Contains("accept", InHost("nft", "list", "table", "inet", "cni_firewall"), StringComparison.Ordinal);
            }

            // Nothing missing any more: a second repair changes nothing; the text form says so.
            var again = Tool("repair", world.Name);
            Assert.True(again.Exit == 0, again.ToString());
            Assert.Contains("1 attachments: 1 ok, 0 repaired, 0 failed, 0 skipped", again.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            if (listener is not null)
            {
                listener.Kill(entireProcessTree: true);
                listener.Dispose();
            }
            Tool("del", world.Name, "/var/run/netns/" + ctrNs);
            Sh.Run("ip", ["netns", "delete", ctrNs]);
            Sh.Run("ip", ["netns", "delete", hostNs]);
        }
    }

    [Fact]
    public void Repair_reapplies_ptps_masquerade()
    {
        Sh.RequireRoot();
        using var world = new NetworkWorld("rptp");
        var id = Guid.NewGuid().ToString("N")[..8];
        var hostNs = "cnit-rqh-" + id;
        var ctrNs = "cnit-rqc-" + id;
        File.WriteAllText(Path.Join(world.ConfDir, "10-test.conflist"), $$$"""
            {"cniVersion":"1.0.0","name":"{{{world.Name}}}","plugins":[
              {"type":"ptp","ipMasq":true,"ipMasqBackend":"iptables",
               "ipam":{"type":"host-local","dataDir":"{{{world.DataDir}}}","ranges":[[{"subnet":"{{{world.Subnet}}}"}]]}}]}
            """);
        Sh.Outcome Tool(params string[] args) =>
            Sh.Run("ip", ["netns", "exec", hostNs, ToolBinary.Cnitool, .. args, "--cache-dir", world.CacheDir], world.Env);
        string Nat() => Sh.Ok("ip", "netns", "exec", hostNs, "iptables-save", "-t", "nat");

        Sh.Ok("ip", "netns", "add", hostNs);
        Sh.Ok("ip", "netns", "add", ctrNs);
        try
        {
            var add = Tool("add", world.Name, "/var/run/netns/" + ctrNs);
            Assert.True(add.Exit == 0, add.ToString());
            var masqueraded = Nat();
            Assert.Contains("-j MASQUERADE", masqueraded, StringComparison.Ordinal);
            Assert.Equal("ok", RepairJson(Tool("repair", world.Name, "--json"), out var exit).GetProperty("status").GetString());
            Assert.Equal(0, exit);

            Sh.Ok("ip", "netns", "exec", hostNs, "iptables", "-t", "nat", "-F");
            Assert.DoesNotContain("-j MASQUERADE", Nat(), StringComparison.Ordinal);
            var repaired = RepairJson(Tool("repair", world.Name, "--json"), out exit);
            Assert.Equal(0, exit);
            Assert.Equal("repaired", repaired.GetProperty("status").GetString());
            Assert.Contains(repaired.GetProperty("repaired").EnumerateArray(), l => l.GetString()!.StartsWith("ptp: repaired", StringComparison.Ordinal));
            // The same rules as ADD made (the flush kept the empty chain, which the repair refilled).
            Assert.Equal(Rules(masqueraded), Rules(Nat()));
            Assert.Equal("ok", RepairJson(Tool("repair", world.Name, "--json"), out exit).GetProperty("status").GetString());
        }
        finally
        {
            Tool("del", world.Name, "/var/run/netns/" + ctrNs);
            Sh.Run("ip", ["netns", "delete", ctrNs]);
            Sh.Run("ip", ["netns", "delete", hostNs]);
        }
    }

    private static string[] Rules(string save) => [.. save.Split('\n').Where(l => l.StartsWith("-A ", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Attachments_whose_netns_is_gone_are_skipped_and_a_failing_check_fails_the_run()
    {
        Sh.RequireRoot();
        using var world = new NetworkWorld("repair");
        var gone = "cnit-rpg-" + Guid.NewGuid().ToString("N")[..8];
        var live = "cnit-rpl-" + Guid.NewGuid().ToString("N")[..8];
        Sh.Ok("ip", "netns", "add", gone);
        Sh.Ok("ip", "netns", "add", live);
        try
        {
            Assert.Equal(0, world.Cnitool("add", world.Name, "/var/run/netns/" + gone).Exit);
            Assert.Equal(0, world.Cnitool("add", world.Name, "/var/run/netns/" + live).Exit);
            Sh.Ok("ip", "netns", "delete", gone);
            // Break the live attachment beyond repair: its interface is gone.
            Sh.Ok("ip", "-n", live, "link", "delete", "eth0");

            var run = world.Cnitool("repair", "--json");
            Assert.True(run.Exit == 1, run.ToString());
            using var doc = JsonDocument.Parse(run.Stdout);
            var mine = doc.RootElement.EnumerateArray().Where(e => e.GetProperty("network").GetString() == world.Name).ToList();
            Assert.Equal(2, mine.Count);
            var skipped = Assert.Single(mine, e => e.GetProperty("status").GetString() == "skipped");
            Assert.Equal("/var/run/netns/" + gone, skipped.GetProperty("netns").GetString());
            var failed = Assert.Single(mine, e => e.GetProperty("status").GetString() == "failed");
            Assert.Contains("eth0", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            world.Cnitool("del", world.Name, "/var/run/netns/" + live);
            Sh.Run("ip", ["netns", "delete", live]);
            Sh.Run("ip", ["netns", "delete", gone]);
        }
    }

    private static JsonElement RepairJson(Sh.Outcome run, out int exit)
    {
        exit = run.Exit;
        using var doc = JsonDocument.Parse(run.Stdout);
        Assert.True(doc.RootElement.GetArrayLength() == 1, run.ToString());
        return doc.RootElement[0].Clone();
    }
}
