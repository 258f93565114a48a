using System.Diagnostics;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Meta;

/// <summary>
/// Port mappings through the real binary. Everything runs inside a test namespace playing the host, so the
/// rules, 127.0.0.1 and the ports are private to the test and vanish with it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PortmapTests : IDisposable
{
    private readonly TestNetns _host = new("pmhost");
    private readonly List<Process> _listeners = [];
    private readonly List<string> _dirs = [];

    public PortmapTests() => Shell.Ok("ip", "-n", _host.Name, "link", "set", "lo", "up");

    private static string Conf(BridgeAttachment a, string backend, string mappings, string extra = "") =>
        $"{{\"cniVersion\":\"1.0.0\",\"name\":\"{a.Network}\",\"type\":\"portmap\",\"backend\":\"{backend}\"{extra}," +
        $"\"runtimeConfig\":{{\"portMappings\":[{mappings}]}}}}";

    private CniBinary.Outcome Run(BridgeAttachment a, string command, string conf, string? netns = "") =>
        MetaTestSupport.ExecIn(_host.Name, "portmap", MetaTestSupport.Env(command, a.ContainerId, netns == "" ? a.Ns.Path : netns), conf);

    /// <summary>A one-line HTTP server inside the container namespace, on its own address only.</summary>
    private void Listen(BridgeAttachment a, int port)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "netns", "exec", a.Ns.Name, "python3", "-m", "http.server", port.ToString(), "--bind", a.ContainerIPv4 })
        {
            info.ArgumentList.Add(arg);
        }
        _listeners.Add(Process.Start(info)!);
        for (int i = 0; i < 50 && !Shell.Ok("ip", "netns", "exec", a.Ns.Name, "ss", "-ltn").Contains($"{a.ContainerIPv4}:{port}", StringComparison.Ordinal); i++)
        {
            Thread.Sleep(100);
        }
    }

    private static bool Reaches(string ns, string url) =>
        Shell.Run("ip", "netns", "exec", ns, "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "3", url).Stdout == "200";

    [Theory]
    [InlineData("iptables")]
    [InlineData("nftables")]
    public void Mapped_port_reaches_the_container_on_the_host_address_localhost_and_by_hairpin(string backend)
    {
        Root.Require();
        using var a = new BridgeAttachment("pm", hostNs: _host.Name, hairpin: true);
        var conf = MetaTestSupport.WithPrev(Conf(a, backend, "{\"HostPort\":18080,\"ContainerPort\":8000,\"Protocol\":\"tcp\"}"), a.ResultJson);
        Run(a, "ADD", conf).Ok();
        Listen(a, 8000);

        Assert.True(Reaches(_host.Name, $"http://{a.Gateway}:18080/"), "host address");
        Assert.True(Reaches(_host.Name, "http://127.0.0.1:18080/"), "localhost");
        Assert.True(Reaches(a.Ns.Name, $"http://{a.Gateway}:18080/"), "hairpin");
        Run(a, "CHECK", conf).Ok();

        Run(a, "DEL", conf).Ok();
        Assert.False(Reaches(_host.Name, $"http://{a.Gateway}:18080/"), "still mapped after DEL");
        if (backend == "iptables")
        {
            var nat = Shell.Ok("ip", "netns", "exec", _host.Name, "iptables-save", "-t", "nat");
            Assert.DoesNotContain("CNI-DN-", nat, StringComparison.Ordinal);
            Assert.Contains(":CNI-HOSTPORT-DNAT", nat, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain(a.ContainerId, Shell.Ok("ip", "netns", "exec", _host.Name, "nft", "list", "table", "ip", "cni_hostport"), StringComparison.Ordinal);
        }
        Assert.NotEqual(0, Run(a, "CHECK", conf).Exit);
        Run(a, "DEL", conf, netns: null).Ok();
    }

    /// <summary>
    /// CVE-2025-67499 (nftables before v1.9.0 DNATed every packet to the host port, whatever its destination): a
    /// connection from the container to that port on a server behind the host must reach that server.
    /// </summary>
    [Theory]
    [InlineData("iptables")]
    [InlineData("nftables")]
    public void Traffic_to_the_port_on_another_address_is_not_intercepted(string backend)
    {
        Root.Require();
        using var a = new BridgeAttachment("pmcve", hostNs: _host.Name, hairpin: true);
        using var server = new TestNetns("pmsrv");
        var net = $"198.19.{Random.Shared.Next(1, 250)}";
        var hostSide = "vs" + Guid.NewGuid().ToString("N")[..8];
        Shell.Ok("ip", "-n", _host.Name, "link", "add", hostSide, "type", "veth", "peer", "name", "eth0", "netns", server.Name);
        Shell.Ok("ip", "-n", _host.Name, "addr", "add", net + ".1/30", "dev", hostSide);
        Shell.Ok("ip", "-n", _host.Name, "link", "set", hostSide, "up");
        Shell.Ok("ip", "-n", server.Name, "addr", "add", net + ".2/30", "dev", "eth0");
        Shell.Ok("ip", "-n", server.Name, "link", "set", "eth0", "up");
        Shell.Ok("ip", "-n", server.Name, "route", "add", a.Subnet + ".0/24", "via", net + ".1");
        Shell.Ok("ip", "-n", a.Ns.Name, "route", "add", net + ".0/30", "via", a.Gateway);

        // The server serves a file only it has, so an answer from the container's own listener (the bug) is a 404.
        var root = Directory.CreateTempSubdirectory("cni-portmap-srv-").FullName;
        _dirs.Add(root);
        File.WriteAllText(Path.Combine(root, "server.txt"), "server");
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "netns", "exec", server.Name, "python3", "-m", "http.server", "18086", "--bind", net + ".2", "--directory", root })
        {
            info.ArgumentList.Add(arg);
        }
        _listeners.Add(Process.Start(info)!);
        Listen(a, 8000);
        for (int i = 0; i < 50 && !Shell.Ok("ip", "netns", "exec", server.Name, "ss", "-ltn").Contains(":18086", StringComparison.Ordinal); i++)
        {
            Thread.Sleep(100);
        }

        var conf = MetaTestSupport.WithPrev(Conf(a, backend, "{\"hostPort\":18086,\"containerPort\":8000,\"protocol\":\"tcp\"}"), a.ResultJson);
        Run(a, "ADD", conf).Ok();
        Assert.True(Reaches(a.Ns.Name, $"http://{net}.2:18086/server.txt"), "traffic to a remote server was intercepted by the host port");
        Assert.True(Reaches(a.Ns.Name, $"http://{a.Gateway}:18086/"), "the mapping itself does not work");
        Run(a, "DEL", conf).Ok();
    }

    [Fact]
    public void Host_ip_restricts_the_destination()
    {
        Root.Require();
        using var a = new BridgeAttachment("pmip", hostNs: _host.Name);
        var conf = MetaTestSupport.WithPrev(Conf(a, "iptables", $"{{\"hostPort\":18081,\"containerPort\":8000,\"protocol\":\"tcp\",\"hostIP\":\"{a.Gateway}\"}}"), a.ResultJson);
        Run(a, "ADD", conf).Ok();
        Listen(a, 8000);
        Assert.True(Reaches(_host.Name, $"http://{a.Gateway}:18081/"));
        Assert.False(Reaches(_host.Name, "http://127.0.0.1:18081/"));
        Run(a, "DEL", conf).Ok();
    }

    [Fact]
    public void Nftables_del_on_one_network_keeps_the_containers_mappings_on_another()
    {
        Root.Require();
        using var a = new BridgeAttachment("pmnft", hostNs: _host.Name);
        var first = MetaTestSupport.WithPrev(Conf(a, "nftables", "{\"hostPort\":18082,\"containerPort\":8000,\"protocol\":\"tcp\"}"), a.ResultJson);
        var second = first.Replace($"\"name\":\"{a.Network}\"", $"\"name\":\"{a.Network}-b\"", StringComparison.Ordinal)
            .Replace("18082", "18083", StringComparison.Ordinal);
        Run(a, "ADD", first).Ok();
        Run(a, "ADD", second).Ok();
        Run(a, "DEL", first).Ok();
        var table = Shell.Ok("ip", "netns", "exec", _host.Name, "nft", "list", "table", "ip", "cni_hostport");
        Assert.DoesNotContain("dport 18082", table, StringComparison.Ordinal);
        Assert.Contains("dport 18083", table, StringComparison.Ordinal);
        Run(a, "CHECK", second).Ok();
        Run(a, "DEL", second).Ok();
    }

    [Fact]
    public void Go_deletes_the_iptables_rules_we_made()
    {
        Root.Require();
        using var a = new BridgeAttachment("pmgo", hostNs: _host.Name);
        var conf = MetaTestSupport.WithPrev(Conf(a, "iptables", "{\"hostPort\":18084,\"containerPort\":8000,\"protocol\":\"tcp\"},{\"hostPort\":18085,\"containerPort\":53,\"protocol\":\"udp\"}"), a.ResultJson);
        Run(a, "ADD", conf).Ok();
        // Debian's Go portmap is v1.1.1, whose CHECK also looks for an IPv6 chain the container never had; its DEL is the interop that matters.
        var go = Shell.Run("ip", "netns", "exec", _host.Name, "sh", "-c",
            $"CNI_COMMAND=DEL CNI_CONTAINERID={a.ContainerId} CNI_NETNS={a.Ns.Path} CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni /usr/lib/cni/portmap <<'EOF'\n{conf}\nEOF");
        Assert.True(go.Exit == 0, go.Stdout + go.Stderr);
        Assert.DoesNotContain("CNI-DN-", Shell.Ok("ip", "netns", "exec", _host.Name, "iptables-save", "-t", "nat"), StringComparison.Ordinal);
    }

    [Fact]
    public void No_mappings_pass_the_result_through_without_touching_netfilter()
    {
        Root.Require();
        using var a = new BridgeAttachment("pmnone", hostNs: _host.Name);
        var conf = MetaTestSupport.WithPrev($"{{\"cniVersion\":\"1.0.0\",\"name\":\"{a.Network}\",\"type\":\"portmap\"}}", a.ResultJson);
        var before = Shell.Ok("ip", "netns", "exec", _host.Name, "iptables-save", "-t", "nat");
        Assert.Contains(a.ContainerIPv4, Run(a, "ADD", conf).Ok().Stdout, StringComparison.Ordinal);
        Assert.Equal(before, Shell.Ok("ip", "netns", "exec", _host.Name, "iptables-save", "-t", "nat"));
    }

    public void Dispose()
    {
        foreach (var p in _listeners)
        {
            p.Kill(entireProcessTree: true);
            p.Dispose();
        }
        _host.Dispose();
        foreach (var d in _dirs)
        {
            Directory.Delete(d, recursive: true);
        }
    }
}
