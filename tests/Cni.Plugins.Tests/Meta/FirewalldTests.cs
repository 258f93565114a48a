using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Meta;

/// <summary>
/// The firewall plugin's firewalld backend against a real firewalld on a private bus inside a test namespace
/// (see <see cref="FirewalldDaemons"/>); results are read back with firewall-cmd and cross-checked with Go's plugin.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FirewalldTests(FirewalldDaemons daemons) : IClassFixture<FirewalldDaemons>, IDisposable
{
    private const string V4 = "198.18.180.2";
    private const string V6 = "fd00:b4::2";
    private readonly TestNetns _container = new("fwdctr");

    private string Conf(string extra = "") =>
        MetaTestSupport.WithPrev($"{{\"cniVersion\":\"1.0.0\",\"name\":\"fwdnet\",\"type\":\"firewall\"{extra}}}",
            $"{{\"cniVersion\":\"1.0.0\",\"interfaces\":[{{\"name\":\"eth0\",\"sandbox\":\"{_container.Path}\"}}]," +
            $"\"ips\":[{{\"address\":\"{V4}/24\",\"interface\":0}},{{\"address\":\"{V6}/64\",\"interface\":0}}]}}");

    private Dictionary<string, string> Env(string command, string busAddress)
    {
        var env = MetaTestSupport.Env(command, "fwdctr1", _container.Path);
        env["DBUS_SYSTEM_BUS_ADDRESS"] = busAddress;
        return env;
    }

    private CniBinary.Outcome Run(string command, string conf, FirewalldDaemons? on = null) =>
        MetaTestSupport.ExecIn((on ?? daemons).Netns.Name, "firewall", Env(command, (on ?? daemons).BusAddress), conf);

    private string[] Sources(string zone)
    {
        var (exit, stdout, stderr) = daemons.FirewallCmd("--zone=" + zone, "--list-sources");
        Assert.True(exit == 0, $"firewall-cmd --list-sources failed: {stderr}");
        return stdout.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [Fact]
    public void Detected_when_firewalld_owns_its_name_and_add_check_del_work_in_the_trusted_zone()
    {
        Root.Require();
        var conf = Conf();
        try
        {
            Assert.Contains(V4, Run("ADD", conf).Ok().Stdout, StringComparison.Ordinal);
            Assert.Equal([$"{V4}/32", $"{V6}/128"], Sources("trusted").Order());
            Assert.DoesNotContain("CNI-FORWARD", Shell.Ok("ip", "netns", "exec", daemons.Netns.Name, "iptables-save"), StringComparison.Ordinal);
            Run("ADD", conf).Ok();
            Run("CHECK", conf).Ok();

            // Behind our back (as firewall-cmd --reload would): CHECK says where the address went, repair restores it.
            Assert.Equal(0, daemons.FirewallCmd("--zone=trusted", "--remove-source=" + V6 + "/128").Exit);
            Assert.Equal($"failed to find the address {V6}/128 in trusted zone: it is a source of no zone", Run("CHECK", conf).Error().Msg);
            var repaired = Run("CHECK", Conf(",\"repair\":true")).Ok();
            Assert.Contains($"repaired the firewalld source {V6}/128 of zone trusted", repaired.Stderr, StringComparison.Ordinal);
            Assert.Equal([$"{V4}/32", $"{V6}/128"], Sources("trusted").Order());

            Run("DEL", conf).Ok();
            Assert.Empty(Sources("trusted"));
            Run("DEL", conf).Ok();
            Assert.Equal($"failed to find the address {V4}/32 in trusted zone: it is a source of no zone", Run("CHECK", conf).Error().Msg);
        }
        finally
        {
            Run("DEL", conf);
        }
    }

    [Fact]
    public void Explicit_zone_and_gos_plugin_agree_on_what_we_did()
    {
        Root.Require();
        var conf = Conf(",\"backend\":\"firewalld\",\"firewalldZone\":\"internal\"");
        var env = Env("CHECK", daemons.BusAddress);
        try
        {
            Run("ADD", conf).Ok();
            Assert.Equal([$"{V4}/32", $"{V6}/128"], Sources("internal").Order());
            Assert.Equal("internal", daemons.FirewallCmd("--get-zone-of-source=" + V4 + "/32").Stdout.Trim());

            var go = MetaTestSupport.ExecGo("firewall", env, conf);
            Assert.True(go.Exit == 0, "Go's CHECK rejected our sources: " + go.Stdout + go.Stderr);
            env["CNI_COMMAND"] = "DEL";
            Assert.True(MetaTestSupport.ExecGo("firewall", env, conf).Exit == 0, "Go's DEL failed");
            Assert.Empty(Sources("internal"));
            Assert.NotEqual(0, Run("CHECK", conf).Exit);

            // A source bound to another zone is a conflict, not silently moved (firewalld's ZONE_CONFLICT).
            Run("ADD", conf).Ok();
            var other = Run("ADD", Conf(",\"backend\":\"firewalld\",\"firewalldZone\":\"trusted\"")).Error();
            Assert.Equal(999u, other.Code);
            Assert.StartsWith($"failed to add the address {V4}/32 to trusted zone: ZONE_CONFLICT", other.Msg, StringComparison.Ordinal);
        }
        finally
        {
            Run("DEL", conf);
        }
        Assert.Empty(Sources("internal"));
    }

    [Fact]
    public void Unknown_zone_is_a_clear_error_and_its_del_succeeds()
    {
        Root.Require();
        var conf = Conf(",\"backend\":\"firewalld\",\"firewalldZone\":\"cnit-nosuchzone\"");
        var e = Run("ADD", conf).Error();
        Assert.Equal(999u, e.Code);
        Assert.Equal($"failed to add the address {V4}/32 to cnit-nosuchzone zone: INVALID_ZONE: cnit-nosuchzone", e.Msg);
        Assert.Equal($"failed to find the address {V4}/32 in cnit-nosuchzone zone: INVALID_ZONE: cnit-nosuchzone", Run("CHECK", conf).Error().Msg);
        Run("DEL", conf).Ok();
        Assert.Empty(Sources("trusted"));
    }

    [Fact]
    public void Without_firewalld_the_explicit_backend_fails_clearly_and_detection_falls_back_to_iptables()
    {
        Root.Require();
        using var bare = FirewalldDaemons.BusOnly();
        var explicitConf = Conf(",\"backend\":\"firewalld\"");
        Assert.Equal("firewalld backend: firewalld is not running (org.fedoraproject.FirewallD1 has no owner on the D-Bus system bus)",
            Run("ADD", explicitConf, bare).Error().Msg);
        Run("DEL", explicitConf, bare).Ok();

        var noBus = MetaTestSupport.ExecIn(bare.Netns.Name, "firewall", Env("ADD", $"unix:path={bare.Dir}/none.sock"), explicitConf).Error();
        Assert.Equal(999u, noBus.Code);
        Assert.StartsWith($"firewalld backend: connecting to the D-Bus bus at unix:path={bare.Dir}/none.sock: ", noBus.Msg, StringComparison.Ordinal);

        // Nobody owns the name: no backend configured means iptables, as in Go.
        Run("ADD", Conf(), bare).Ok();
        Assert.Contains($"-A CNI-FORWARD -s {V4}/32 -j ACCEPT", Shell.Ok("ip", "netns", "exec", bare.Netns.Name, "iptables-save", "-t", "filter"), StringComparison.Ordinal);
        Run("DEL", Conf(), bare).Ok();
    }

    public void Dispose() => _container.Dispose();
}
