using System.Text.Json;

namespace Cni.Tool.Tests.Integration;

/// <summary>
/// <c>cnitool audit</c> against leaks made on purpose. Only this test's leaks are asserted: packet filter state and host
/// links are shared with whatever else runs on the machine.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AuditTests
{
    [Fact]
    public void Reports_reservations_veths_cache_entries_and_chains_of_vanished_attachments()
    {
        Sh.RequireRoot();
        using var world = new NetworkWorld("audit");
        var netns = "cnit-audit-" + Guid.NewGuid().ToString("N")[..8];
        var chain = "CNI-" + Guid.NewGuid().ToString("N")[..24];
        Sh.Ok("ip", "netns", "add", netns);
        try
        {
            Assert.Equal("", world.Cnitool("add", world.Name, "/var/run/netns/" + netns).Stderr);
            var ip = Assert.Single(world.Reservations());
            var veth = world.BridgePorts().Split(':')[1].Trim().Split('@')[0];
            Assert.Empty(Mine(Audit(world, out _), world, veth));

            var cacheFile = Assert.Single(world.CacheEntries());
            var cached = File.ReadAllBytes(cacheFile);
            File.Delete(cacheFile);
            var leaks = Mine(Audit(world, out var exit), world, veth);
            Assert.Equal(1, exit);
            Assert.Contains(("reservation", $"{world.Name} {ip}"), leaks);
            Assert.Contains(("veth", veth), leaks);

            File.WriteAllBytes(cacheFile, cached);
            Sh.Ok("ip", "netns", "delete", netns);
            Sh.Ok("iptables", "-t", "nat", "-N", chain);
            leaks = Mine(Audit(world, out exit), world, veth);
            Assert.Equal(1, exit);
            Assert.Contains(("cache", Path.GetFileName(cacheFile)), leaks);
            Assert.DoesNotContain(leaks, l => l.Kind == "reservation");
            Assert.Contains(("iptables-chain", "nat " + chain), Audit(world, out _));

            var text = world.Cnitool("audit", "--data-dir", world.DataDir);
            Assert.Equal(1, text.Exit);
            Assert.Contains(chain, text.Stdout);
            Assert.Matches(@"\d+ leak\(s\) found\n$", text.Stdout);
        }
        finally
        {
            Sh.Run("iptables", ["-t", "nat", "-X", chain]);
            world.Cnitool("del", world.Name, "/var/run/netns/" + netns);
            Sh.Run("ip", ["netns", "delete", netns]);
        }
    }

    private static List<(string Kind, string Subject)> Audit(NetworkWorld world, out int exit)
    {
        var run = world.Cnitool("audit", "--json", "--data-dir", world.DataDir);
        exit = run.Exit;
        using var doc = JsonDocument.Parse(run.Stdout);
        return doc.RootElement.GetProperty("leaks").EnumerateArray()
            .Select(l => (l.GetProperty("kind").GetString()!, l.GetProperty("subject").GetString()!)).ToList();
    }

    private static List<(string Kind, string Subject)> Mine(List<(string Kind, string Subject)> leaks, NetworkWorld world, string veth) =>
        leaks.Where(l => l.Subject.Contains(world.Name, StringComparison.Ordinal) || l.Subject == veth).ToList();
}
