using System.Diagnostics;
using System.Text;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Ipam.Dhcp;

/// <summary>The published binary as plugin and daemon against a real DHCP server (dnsmasq) in namespaces of our own.</summary>
[Trait("Category", "Integration")]
public sealed class DhcpIntegrationTests : IDisposable
{
    private readonly DhcpTestbed _bed;

    public DhcpIntegrationTests()
    {
        Root.Require();
        _bed = new DhcpTestbed();
    }

    public void Dispose() => _bed.Dispose();

    private string Conf(string version = "1.1.0", string ipam = ",\"request\":[{\"option\":\"classless-static-routes\"}]") =>
        "{\"cniVersion\":\"" + version + "\",\"name\":\"dhcptest\",\"type\":\"macvlan\",\"ipam\":{\"type\":\"dhcp\",\"daemonSocketPath\":\"" +
        _bed.SocketPath + "\"" + ipam + "}}";

    private CniBinary.Outcome Exec(string command, string stdin, string id = "ctr1") =>
        CniBinary.Exec("dhcp", CniBinary.Env(command, containerId: id, netns: _bed.Container.Path), stdin);

    private Result Add(string id = "ctr1")
    {
        var add = Exec("ADD", Conf(), id);
        Assert.True(add.Exit == 0, $"ADD failed: {add.Stdout}\n{_bed.Diagnostics()}");
        return (Result)CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout));
    }

    [Theory]
    [InlineData("1.1.0")]
    [InlineData("0.4.0")]
    [InlineData("0.2.0")]
    public void Add_gets_a_lease_with_routes_and_del_releases_it(string version)
    {
        _bed.StartServer();
        _bed.StartDaemon();

        var add = Exec("ADD", Conf(version));
        Assert.True(add.Exit == 0, $"ADD failed: {add.Stdout}\n{_bed.Diagnostics()}");
        var parsed = CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout));
        Assert.Equal(version, parsed.CniVersion);
        var result = ResultConverters.ToCurrent(parsed);
        var ip = Assert.Single(result.Ips);
        Assert.StartsWith(_bed.Prefix + ".", ip.Address.Address.ToString(), StringComparison.Ordinal);
        Assert.Equal(24, ip.Address.PrefixLength);
        Assert.Equal($"{_bed.Prefix}.1", ip.Gateway!.ToString());
        Assert.True(result.Dns.IsEmpty);
        Assert.Contains(ip.Address.Address.ToString(), _bed.Leases().Keys);
        if (version == "1.1.0")
        {
            Assert.Equal(
                [$"198.18.200.0/24 via {_bed.Prefix}.1", $"{_bed.Prefix}.128/25 scope 253"],
                result.Routes.Select(r => r.Gw is null ? $"{r.Dst} scope {r.Scope}" : $"{r.Dst} via {r.Gw}"));
            Exec("CHECK", Conf(version).Replace("\"ipam\"", "\"prevResult\":" + add.Stdout + ",\"ipam\"", StringComparison.Ordinal)).Ok();
        }

        // A second ADD for the same attachment returns the lease it already has.
        Assert.Equal(ip.Address, Add().Ips[0].Address);

        Exec("DEL", Conf(version)).Ok();
        _bed.WaitFor(() => !_bed.Leases().ContainsKey(ip.Address.Address.ToString()), "dnsmasq to drop the released lease");
        Exec("DEL", Conf(version)).Ok();
    }

    [Fact]
    public void The_lease_is_renewed_at_t1()
    {
        _bed.StartServer(t1: 3, t2: 100);
        _bed.StartDaemon();
        var ip = Add().Ips[0].Address;
        _bed.ConfigureAddress(ip.ToString());
        var address = ip.Address.ToString();
        var first = _bed.Leases()[address];

        _bed.WaitFor(() => _bed.Leases().GetValueOrDefault(address) > first, "a renewal to move the lease's expiry", seconds: 15);
        // dnsmasq writes its lease file before the daemon has read the ACK: wait for the daemon's own word.
        _bed.WaitFor(() => _bed.DaemonLog.Contains("lease renewed", StringComparison.Ordinal), "the daemon to log the renewal");
        Exec("DEL", Conf()).Ok();
    }

    [Fact]
    public void A_nak_on_renewal_gets_the_same_address_again()
    {
        _bed.StartServer(t1: 3, t2: 100);
        _bed.StartDaemon();
        var ip = Add().Ips[0].Address;
        _bed.ConfigureAddress(ip.ToString());
        var address = ip.Address.ToString();

        // A restarted server that lost its lease database refuses the renewal ("lease not found").
        _bed.StopServer();
        File.Delete(_bed.LeaseFile);
        _bed.StartServer(t1: 3, t2: 100);

        _bed.WaitFor(() => _bed.Leases().ContainsKey(address), "the address to be leased again", seconds: 20);
        _bed.WaitFor(() => _bed.DaemonLog.Contains("lease acquired again", StringComparison.Ordinal), "the daemon to log the new lease");
        Assert.Contains("DHCP server refused the lease: lease not found", _bed.DaemonLog, StringComparison.Ordinal);
        Assert.Contains("UP", Shell.Ok("ip", "-n", _bed.Container.Name, "link", "show", "eth0"), StringComparison.Ordinal);
        Exec("CHECK", Conf().Replace("\"ipam\"", $"\"prevResult\":{{\"cniVersion\":\"1.1.0\",\"ips\":[{{\"address\":\"{ip}\"}}]}},\"ipam\"", StringComparison.Ordinal)).Ok();
    }

    [Fact]
    public void Without_a_server_add_fails_cleanly_within_the_retry_budget()
    {
        _bed.StartDaemon();
        var clock = Stopwatch.StartNew();
        var error = Exec("ADD", Conf()).Error();
        Assert.InRange(clock.Elapsed.TotalSeconds, 5, 20);
        Assert.Equal(CniErrorCode.Internal, error.Code);
        Assert.Equal("error calling DHCP.Allocate: no more tries", error.Msg);

        // Nothing half-made: the daemon holds no lease, so CHECK says so and DEL succeeds.
        Assert.Contains("no DHCP lease held", Exec("CHECK", Conf()).Error().Msg, StringComparison.Ordinal);
        Exec("DEL", Conf()).Ok();
    }

    [Fact]
    public void Status_answers_with_the_daemon_and_fails_with_code_50_without_it()
    {
        _bed.StartDaemon();
        Exec("STATUS", Conf()).Ok();

        var missing = Conf().Replace(_bed.SocketPath, _bed.SocketPath + ".absent", StringComparison.Ordinal);
        var error = Exec("STATUS", missing).Error();
        Assert.Equal(CniErrorCode.PluginNotAvailable, error.Code);
        Assert.Contains(".absent", error.Msg, StringComparison.Ordinal);

        // Like Go, DEL cannot succeed without the daemon: the lease it may hold would never be released.
        Assert.StartsWith("error dialing DHCP daemon", Exec("DEL", missing).Error().Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Gc_releases_leases_of_attachments_no_longer_valid()
    {
        _bed.StartServer();
        _bed.StartDaemon();
        var ip = Add("gone1").Ips[0].Address.Address.ToString();
        var gc = Conf().Replace("\"ipam\"", "\"cni.dev/valid-attachments\":[{\"containerID\":\"other\",\"ifname\":\"eth0\"}],\"ipam\"", StringComparison.Ordinal);
        CniBinary.Exec("dhcp", CniBinary.Env("GC", containerId: null, ifname: null), gc).Ok();
        _bed.WaitFor(() => !_bed.Leases().ContainsKey(ip), "dnsmasq to drop the collected lease");
    }
}
