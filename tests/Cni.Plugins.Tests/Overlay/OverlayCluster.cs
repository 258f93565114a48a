using System.Text.Json.Nodes;
using Cni.Plugins.Tests.Harness;
using Cni.Plugins.Tests.Meta;

namespace Cni.Plugins.Tests.Overlay;

/// <summary>
/// A simulated flannel cluster: node namespaces joined by veths to a bridge in an underlay namespace of the test's
/// own (198.18.230.0/24), and between them the VXLAN overlay that flannel's vxlan backend programs — per remote
/// node a route <c>subnet via vtep-ip dev flannel.1 onlink</c>, a permanent neighbour (vtep-ip → vtep MAC) and an
/// FDB entry (vtep MAC → underlay IP). The fixture stands in for flanneld; the flannel CNI plugin under test runs
/// inside each node namespace. Everything lives in namespaces and a temp directory this object removes.
/// </summary>
internal sealed class OverlayCluster : IDisposable
{
    public const string ClusterNetwork = "198.19.0.0/16";

    /// <summary>FLANNEL_MTU: the underlay's 1450 less VXLAN's 50 bytes, as flanneld computes it.</summary>
    public const int PodMtu = 1400;

    private const int UnderlayMtu = PodMtu + 50;
    private const string VxlanPort = "8472";

    private readonly List<TestNetns> _pods = [];
    private readonly List<OverlayNode> _nodes = [];
    private readonly string _root;

    public OverlayCluster(int nodeCount)
    {
        Id = Guid.NewGuid().ToString("N")[..6];
        _root = Directory.CreateTempSubdirectory("cni-overlay-" + Id + "-").FullName;
        try
        {
            Underlay = new TestNetns("ovul");
            InUnderlay("link", "add", "br0", "type", "bridge");
            InUnderlay("link", "set", "br0", "up");
            for (var i = 1; i <= nodeCount; i++)
            {
                AddNode(i);
            }
            foreach (var node in _nodes)
            {
                foreach (var remote in _nodes.Where(n => n != node))
                {
                    node.Ip("route", "add", remote.Subnet, "via", remote.VtepIp, "dev", OverlayNode.VxlanLink, "onlink");
                    node.Ip("neigh", "add", remote.VtepIp, "lladdr", remote.VtepMac, "dev", OverlayNode.VxlanLink, "nud", "permanent");
                    Shell.Ok("bridge", "-n", node.Name, "fdb", "add", remote.VtepMac, "dev", OverlayNode.VxlanLink, "dst", remote.UnderlayIp, "self", "permanent");
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Id { get; }

    /// <summary>The CNI network name, unique per cluster so anything it leaves in iptables can be told apart.</summary>
    public string Network => "ovnet-" + Id;

    /// <summary>The delegate bridge's name on every node (cni0 in a real cluster; unique here so the host can be checked).</summary>
    public string Bridge => "cniov" + Id;

    public TestNetns? Underlay { get; private set; }

    public IReadOnlyList<OverlayNode> Nodes => _nodes;

    public TestNetns NewPod()
    {
        var pod = new TestNetns("ovpod");
        _pods.Add(pod);
        return pod;
    }

    /// <summary>The node's flannel network config: its own subnet.env and dataDirs, the delegate bridge named.</summary>
    public string Conf(OverlayNode node, string? prevResult = null)
    {
        var conf = new JsonObject
        {
            ["cniVersion"] = "1.0.0",
            ["name"] = Network,
            ["type"] = "flannel",
            ["subnetFile"] = node.SubnetFile,
            ["dataDir"] = node.FlannelDataDir,
            ["delegate"] = new JsonObject { ["bridge"] = Bridge },
            ["ipam"] = new JsonObject { ["dataDir"] = node.IpamDataDir },
        };
        return MetaTestSupport.WithPrev(conf.ToJsonString(), prevResult);
    }

    /// <summary>Runs the real flannel binary with the node namespace as its network namespace and the pod as CNI_NETNS.</summary>
    public CniBinary.Outcome Run(OverlayNode node, string command, string containerId, TestNetns pod, string? prevResult = null) =>
        MetaTestSupport.ExecIn(node.Name, "flannel", MetaTestSupport.Env(command, containerId, pod.Path), Conf(node, prevResult));

    public void Dispose()
    {
        foreach (var ns in _pods.Concat(_nodes.Select(n => n.Ns)))
        {
            ns.Dispose();
        }
        Underlay?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private void AddNode(int index)
    {
        var ns = new TestNetns("ovn" + index);
        var node = new OverlayNode(index, ns, Directory.CreateDirectory(Path.Combine(_root, "node" + index)).FullName);
        _nodes.Add(node);
        var port = "n" + index;
        InUnderlay("link", "add", port, "mtu", $"{UnderlayMtu}", "type", "veth", "peer", "name", OverlayNode.UnderlayLink, "netns", ns.Name, "mtu", $"{UnderlayMtu}");
        InUnderlay("link", "set", port, "master", "br0", "up");
        node.Ip("link", "set", "lo", "up");
        // A new namespace may inherit forwarding from the host; start like a fresh node, off, for the delegate to turn on.
        Shell.Ok("ip", "netns", "exec", ns.Name, "sysctl", "-qw", "net.ipv4.ip_forward=0");
        node.Ip("addr", "add", node.UnderlayIp + "/24", "dev", OverlayNode.UnderlayLink);
        node.Ip("link", "set", OverlayNode.UnderlayLink, "up");
        node.Ip("link", "add", OverlayNode.VxlanLink, "mtu", $"{PodMtu}", "type", "vxlan", "id", "1", "local", node.UnderlayIp,
            "dev", OverlayNode.UnderlayLink, "dstport", VxlanPort, "nolearning");
        node.Ip("addr", "add", node.VtepIp + "/32", "dev", OverlayNode.VxlanLink);
        node.Ip("link", "set", OverlayNode.VxlanLink, "up");
        node.VtepMac = Shell.IpJson(node.Name, "link", "show", OverlayNode.VxlanLink)[0].GetProperty("address").GetString()!;
        node.WriteSubnetEnv();
    }

    private void InUnderlay(params string[] args) => Shell.Ok("ip", ["-n", Underlay!.Name, .. args]);
}
