using System.Net;
using System.Text.RegularExpressions;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Overlay;

/// <summary>
/// Our flannel plugin (bridge + host-local delegate) on three simulated nodes joined by a flannel-style VXLAN
/// overlay: the plugin runs inside each node's namespace, as kubelet would run it on that node.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class FlannelOverlayTests
{
    private const int PodsPerNode = 2;

    // The largest ICMP payload a DF packet of FLANNEL_MTU can carry (IPv4 20 + ICMP 8 bytes of headers).
    private const int FullPayload = OverlayCluster.PodMtu - 28;

    [Fact]
    public async Task Pods_on_three_nodes_reach_each_other_over_vxlan_and_del_leaves_nothing()
    {
        Root.Require();
        using var cluster = new OverlayCluster(3);
        // The third node's flanneld does not masquerade (FLANNEL_IPMASQ=false): its delegate bridge must.
        var masqNode = cluster.Nodes[2];
        masqNode.FlannelMasquerades = false;
        masqNode.WriteSubnetEnv();
        foreach (var node in cluster.Nodes)
        {
            foreach (var other in cluster.Nodes.Where(n => n != node))
            {
                Assert.True(Shell.Run("ip", "netns", "exec", node.Name, "ping", "-n", "-c", "1", "-W", "3", other.UnderlayIp).Exit == 0,
                    $"fixture: the underlay does not carry node {node.Index} to node {other.Index}");
            }
        }

        // All ADDs at once, as kubelets starting pods on every node: both pods of a node race to create its bridge.
        var slots = (from node in cluster.Nodes from k in Enumerable.Range(0, PodsPerNode)
                     select (Node: node, Ns: cluster.NewPod(), Id: $"ov{cluster.Id}n{node.Index}p{k}")).ToList();
        var adds = await Task.WhenAll(slots.Select(s => Task.Run(() => cluster.Run(s.Node, "ADD", s.Id, s.Ns), TestContext.Current.CancellationToken)));
        var pods = slots.Zip(adds, (s, add) => new OverlayPod(s.Node, s.Ns, s.Id, add.Ok().Stdout)).ToList();

        foreach (var pod in pods)
        {
            AssertAttachedAsSubnetEnvSays(cluster, pod);
            cluster.Run(pod.Node, "CHECK", pod.ContainerId, pod.Ns, pod.AddStdout).Ok();
        }
        foreach (var node in cluster.Nodes)
        {
            AssertNodeSide(cluster, node, pods.Where(p => p.Node == node).ToList());
        }
        Assert.Equal(pods.Count, pods.Select(p => p.Ip).Distinct().Count());

        // Every pod to every other pod, full-size packets with DF set: same node over the bridge, other nodes over VXLAN.
        var failures = (from a in pods from b in pods where a != b let r = a.Ping(b.Ip, FullPayload) where r.Exit != 0 select $"{a} -> {b}: {r.Output}").ToList();
        Assert.True(failures.Count == 0, "unreachable:\n" + string.Join('\n', failures));
        // One byte more does not fit the pod's MTU: FLANNEL_MTU is what the pod's interface enforces.
        var tooBig = pods[0].Ping(pods[^1].Ip, FullPayload + 1);
        Assert.NotEqual(0, tooBig.Exit);
        Assert.Contains($"mtu={OverlayCluster.PodMtu}", tooBig.Output, StringComparison.Ordinal);

        // The masquerading node's rules matched the cross-node traffic; the other nodes have none.
        var nat = NatTable(masqNode);
        foreach (var pod in pods.Where(p => p.Node == masqNode))
        {
            Assert.Contains($"-A POSTROUTING -s {pod.Ip}/32 ", nat, StringComparison.Ordinal);
        }
        Assert.Contains(MasqueradeCounters().Matches(nat), m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0);
        foreach (var node in cluster.Nodes.Where(n => n != masqNode))
        {
            Assert.DoesNotContain("CNI-", NatTable(node), StringComparison.Ordinal);
        }

        foreach (var pod in Enumerable.Reverse(pods))
        {
            cluster.Run(pod.Node, "DEL", pod.ContainerId, pod.Ns).Ok();
        }
        // A repeated DEL finds nothing saved and succeeds.
        cluster.Run(pods[0].Node, "DEL", pods[0].ContainerId, pods[0].Ns).Ok();

        foreach (var pod in pods)
        {
            Assert.NotEqual(0, Shell.Run("ip", "-n", pod.Ns.Name, "link", "show", "eth0").Exit);
        }
        foreach (var node in cluster.Nodes)
        {
            AssertNothingLeft(cluster, node);
            Assert.DoesNotContain("CNI-", NatTable(node), StringComparison.Ordinal);
        }
        AssertHostUntouched(cluster, pods);
    }

    [Fact]
    public void Missing_or_incomplete_subnet_env_fails_clearly_and_leaves_nothing()
    {
        Root.Require();
        using var cluster = new OverlayCluster(1);
        var node = cluster.Nodes[0];
        var pod = cluster.NewPod();
        var id = $"ov{cluster.Id}bad";

        File.Delete(node.SubnetFile);
        var missing = cluster.Run(node, "ADD", id, pod).Error();
        Assert.Equal(CniErrorCode.Internal, missing.Code);
        Assert.Equal($"loadFlannelSubnetEnv failed: open {node.SubnetFile}: no such file or directory", missing.Msg);
        AssertNothingLeft(cluster, node, added: false);
        Assert.NotEqual(0, Shell.Run("ip", "-n", pod.Name, "link", "show", "eth0").Exit);
        // Nothing was saved, so DEL has nothing to undo and does not need subnet.env.
        cluster.Run(node, "DEL", id, pod).Ok();

        node.WriteSubnetEnv();
        File.WriteAllLines(node.SubnetFile, File.ReadAllLines(node.SubnetFile).Where(l => !l.StartsWith("FLANNEL_MTU=", StringComparison.Ordinal)));
        var incomplete = cluster.Run(node, "ADD", id, pod).Error();
        Assert.Equal($"loadFlannelSubnetEnv failed: {node.SubnetFile} is missing FLANNEL_MTU", incomplete.Msg);
        AssertNothingLeft(cluster, node, added: false);

        // flanneld gone after a good ADD: DEL works from the saved delegate config alone.
        node.WriteSubnetEnv();
        var added = new OverlayPod(node, pod, id, cluster.Run(node, "ADD", id, pod).Ok().Stdout);
        Assert.True(new IPNetwork(IPAddress.Parse($"198.19.{node.Octet}.0"), 24).Contains(added.Ip));
        File.Delete(node.SubnetFile);
        cluster.Run(node, "DEL", id, pod).Ok();
        Assert.NotEqual(0, Shell.Run("ip", "-n", pod.Name, "link", "show", "eth0").Exit);
        AssertNothingLeft(cluster, node);
        AssertHostUntouched(cluster, [added]);
    }

    /// <summary>The ADD result and the pod's kernel state say what the node's subnet.env says.</summary>
    private static void AssertAttachedAsSubnetEnvSays(OverlayCluster cluster, OverlayPod pod)
    {
        var node = pod.Node;
        var ip = pod.Result.Ips.Single();
        Assert.Equal(24, ip.Address.PrefixLength);
        Assert.True(new IPNetwork(IPAddress.Parse(node.VtepIp), 24).Contains(ip.Address.Address), $"{pod} is outside {node.Subnet}");
        Assert.NotEqual(IPAddress.Parse(node.Gateway), ip.Address.Address);
        Assert.Equal(IPAddress.Parse(node.Gateway), ip.Gateway);
        Assert.Equal([OverlayCluster.ClusterNetwork], pod.Result.Routes.Select(r => r.Dst.ToString()));
        var eth0 = pod.Result.Interfaces[ip.Interface!.Value];
        Assert.Equal(("eth0", pod.Ns.Path), (eth0.Name, eth0.Sandbox));

        var link = Shell.IpJson(pod.Ns.Name, "link", "show", "eth0")[0];
        Assert.Equal(OverlayCluster.PodMtu, link.GetProperty("mtu").GetInt32());
        var addrs = Shell.IpJson(pod.Ns.Name, "-4", "addr", "show", "eth0")[0].GetProperty("addr_info").EnumerateArray()
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}");
        Assert.Equal([$"{pod.Ip}/24"], addrs);
        var routes = Shell.IpJson(pod.Ns.Name, "-4", "route", "show").EnumerateArray()
            .Select(r => $"{r.GetProperty("dst").GetString()} via {(r.TryGetProperty("gateway", out var gw) ? gw.GetString() : "-")} dev {r.GetProperty("dev").GetString()}")
            .Order(StringComparer.Ordinal);
        // The cluster network through the node's bridge, the node subnet on link, and no default route.
        Assert.Equal([$"{OverlayCluster.ClusterNetwork} via {node.Gateway} dev eth0", $"{node.Subnet} via - dev eth0"], routes);
    }

    /// <summary>The node side: bridge with the gateway address and FLANNEL_MTU, one veth per pod, forwarding on, reservations and saved configs.</summary>
    private static void AssertNodeSide(OverlayCluster cluster, OverlayNode node, List<OverlayPod> pods)
    {
        var bridge = Shell.IpJson(node.Name, "-4", "addr", "show", cluster.Bridge)[0];
        Assert.Equal(OverlayCluster.PodMtu, bridge.GetProperty("mtu").GetInt32());
        Assert.Equal([$"{node.Gateway}/24"], bridge.GetProperty("addr_info").EnumerateArray()
            .Select(a => $"{a.GetProperty("local").GetString()}/{a.GetProperty("prefixlen").GetInt32()}"));
        var veths = Shell.IpJson(node.Name, "link", "show", "master", cluster.Bridge).EnumerateArray().ToList();
        Assert.Equal(pods.Count, veths.Count);
        Assert.All(veths, v => Assert.Equal(OverlayCluster.PodMtu, v.GetProperty("mtu").GetInt32()));
        Assert.Equal("1", Sysctl(node, "net/ipv4/ip_forward"));
        Assert.Equal(pods.Select(p => p.Ip.ToString()).Order(StringComparer.Ordinal), Reservations(cluster, node).Select(a => a.ToString()).Order(StringComparer.Ordinal));
        foreach (var pod in pods)
        {
            var saved = File.ReadAllText(Path.Combine(node.FlannelDataDir, pod.ContainerId));
            Assert.Contains($"\"dataDir\":\"{node.IpamDataDir}\"", saved, StringComparison.Ordinal);
            Assert.Contains($"\"ipMasq\":{(node.FlannelMasquerades ? "false" : "true")}", saved, StringComparison.Ordinal);
            Assert.Contains($"\"ranges\":[[{{\"subnet\":\"{node.Subnet}\"}}]]", saved, StringComparison.Ordinal);
        }
    }

    /// <summary>No attachment left on the node: only the underlay veth, no reservation, no saved delegate config.</summary>
    private static void AssertNothingLeft(OverlayCluster cluster, OverlayNode node, bool added = true)
    {
        var veths = Shell.IpJson(node.Name, "link", "show", "type", "veth").EnumerateArray().Select(l => l.GetProperty("ifname").GetString());
        Assert.Equal([OverlayNode.UnderlayLink], veths);
        Assert.Empty(Reservations(cluster, node));
        Assert.Empty(Directory.Exists(node.FlannelDataDir) ? Directory.GetFileSystemEntries(node.FlannelDataDir) : []);
        if (!added)
        {
            Assert.False(Directory.Exists(node.FlannelDataDir), "a failed ADD created flannel's dataDir");
            Assert.False(Directory.Exists(node.IpamDataDir), "a failed ADD reached host-local");
            Assert.NotEqual(0, Shell.Run("ip", "-n", node.Name, "link", "show", cluster.Bridge).Exit);
        }
    }

    /// <summary>The plugin ran in the node namespaces with the configured paths: nothing in the host's namespace or default dirs.</summary>
    private static void AssertHostUntouched(OverlayCluster cluster, IEnumerable<OverlayPod> pods)
    {
        Assert.NotEqual(0, Shell.Run("ip", "link", "show", cluster.Bridge).Exit);
        Assert.False(Directory.Exists(Path.Combine("/var/lib/cni/networks", cluster.Network)));
        Assert.All(pods, p => Assert.False(File.Exists(Path.Combine("/var/lib/cni/flannel", p.ContainerId))));
        var (exit, hostNat, _) = Shell.Run("iptables-save", "-t", "nat");
        Assert.True(exit != 0 || !hostNat.Contains(cluster.Network, StringComparison.Ordinal), "masquerade rules landed in the host namespace");
    }

    /// <summary>host-local's reservations: the files named after an address in the network's store.</summary>
    private static List<IPAddress> Reservations(OverlayCluster cluster, OverlayNode node)
    {
        var store = Path.Combine(node.IpamDataDir, cluster.Network);
        return !Directory.Exists(store) ? [] :
            Directory.GetFiles(store).Select(Path.GetFileName).Where(f => IPAddress.TryParse(f, out _)).Select(f => IPAddress.Parse(f!)).ToList();
    }

    private static string Sysctl(OverlayNode node, string key) =>
        Shell.Ok("ip", "netns", "exec", node.Name, "cat", "/proc/sys/" + key).Trim();

    private static string NatTable(OverlayNode node) => Shell.Ok("ip", "netns", "exec", node.Name, "iptables-save", "-c", "-t", "nat");

    // "[packets:bytes] -A CNI-... -j MASQUERADE" in iptables-save -c output.
    [GeneratedRegex(@"^\[(\d+):\d+\] -A CNI-\S+ .*-j MASQUERADE", RegexOptions.Multiline)]
    private static partial Regex MasqueradeCounters();
}
