using System.Text.RegularExpressions;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Meta;

/// <summary>
/// Like Go, ADD of a UDP mapping deletes the conntrack entries of that host port (through ctnetlink), so a flow
/// that began before the mapping does not keep bypassing the new DNAT. Runs in a test namespace playing the host.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class PortmapConntrackTests : IDisposable
{
    private readonly TestNetns _host = new("pmct");

    public PortmapConntrackTests()
    {
        Shell.Ok("ip", "-n", _host.Name, "link", "set", "lo", "up");
        // Conntrack only runs in a namespace whose ruleset needs it: this rule (gone with the namespace) does.
        Shell.Ok("ip", "netns", "exec", _host.Name, "iptables", "-A", "INPUT", "-m", "conntrack", "--ctstate", "INVALID", "-j", "DROP");
    }

    private string Flows() => Shell.Ok("ip", "netns", "exec", _host.Name, "conntrack", "-L", "-p", "udp");

    private static bool HasFlow(string flows, string dst, int port) =>
        flows.Split('\n').Any(l => l.Contains($"dst={dst} ", StringComparison.Ordinal) && DportRegex().Match(l) is { Success: true } m && m.Groups[1].Value == port.ToString());

    [GeneratedRegex(@"dport=(\d+)")]
    private static partial Regex DportRegex();

    [Theory]
    [InlineData("iptables", 18190)]
    [InlineData("nftables", 18191)]
    public void Add_of_a_udp_mapping_deletes_the_stale_flows_of_its_host_port_only(string backend, int port)
    {
        Root.Require();
        using var a = new BridgeAttachment("pmct", hostNs: _host.Name);
        // Two UDP flows from the container to the host: one to the port about to be mapped, one to the next port.
        Shell.Ok("ip", "netns", "exec", a.Ns.Name, "python3", "-c",
            $"import socket;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.sendto(b'x',('{a.Gateway}',{port}));s.sendto(b'x',('{a.Gateway}',{port + 100}))");
        var before = Flows();
        Assert.True(HasFlow(before, a.Gateway, port), "no conntrack entry to start from:\n" + before);
        Assert.True(HasFlow(before, a.Gateway, port + 100), before);

        var conf = MetaTestSupport.WithPrev(
            $"{{\"cniVersion\":\"1.0.0\",\"name\":\"{a.Network}\",\"type\":\"portmap\",\"backend\":\"{backend}\"," +
            $"\"runtimeConfig\":{{\"portMappings\":[{{\"hostPort\":{port},\"containerPort\":53,\"protocol\":\"udp\"}}]}}}}", a.ResultJson);
        var env = MetaTestSupport.Env("ADD", a.ContainerId, a.Ns.Path);
        try
        {
            MetaTestSupport.ExecIn(_host.Name, "portmap", env, conf).Ok();
            var after = Flows();
            Assert.False(HasFlow(after, a.Gateway, port), "the stale flow survived ADD:\n" + after);
            Assert.True(HasFlow(after, a.Gateway, port + 100), "a flow to another port was deleted:\n" + after);
        }
        finally
        {
            MetaTestSupport.ExecIn(_host.Name, "portmap", MetaTestSupport.Env("DEL", a.ContainerId, a.Ns.Path), conf);
        }
    }

    public void Dispose() => _host.Dispose();
}
