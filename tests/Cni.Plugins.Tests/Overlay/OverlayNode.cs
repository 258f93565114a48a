using Cni.Plugins.Tests.Harness;

namespace Cni.Plugins.Tests.Overlay;

/// <summary>
/// One simulated node: a namespace with an underlay link <c>ul0</c>, a flannel-style VXLAN device <c>flannel.1</c>
/// holding the subnet's .0/32, and the files flanneld and the CNI plugin keep on a node (subnet.env, the flannel
/// plugin's dataDir, host-local's dataDir) in a directory of its own.
/// </summary>
internal sealed class OverlayNode(int index, TestNetns ns, string dir)
{
    public const string UnderlayLink = "ul0";
    public const string VxlanLink = "flannel.1";

    public int Index { get; } = index;

    public TestNetns Ns { get; } = ns;

    public string Name => Ns.Name;

    public string UnderlayIp => $"198.18.230.{10 + Index}";

    /// <summary>Third octet of the node's pod subnet inside <see cref="OverlayCluster.ClusterNetwork"/>.</summary>
    public int Octet => 160 + Index;

    public string Subnet => $"198.19.{Octet}.0/24";

    /// <summary>The bridge's address, as flanneld writes FLANNEL_SUBNET (<c>.1/24</c>).</summary>
    public string Gateway => $"198.19.{Octet}.1";

    /// <summary>flannel.1's address: the subnet's network address, as flannel's vxlan backend assigns it.</summary>
    public string VtepIp => $"198.19.{Octet}.0";

    public string VtepMac { get; set; } = "";

    public string Dir { get; } = dir;

    public string SubnetFile => Path.Combine(Dir, "subnet.env");

    public string FlannelDataDir => Path.Combine(Dir, "flannel");

    public string IpamDataDir => Path.Combine(Dir, "ipam");

    /// <summary>FLANNEL_IPMASQ: true means flanneld masquerades, so the delegate bridge must not.</summary>
    public bool FlannelMasquerades { get; set; } = true;

    public void WriteSubnetEnv() => File.WriteAllLines(SubnetFile,
    [
        $"FLANNEL_NETWORK={OverlayCluster.ClusterNetwork}",
        $"FLANNEL_SUBNET={Gateway}/24",
        $"FLANNEL_MTU={OverlayCluster.PodMtu}",
        $"FLANNEL_IPMASQ={(FlannelMasquerades ? "true" : "false")}",
    ]);

    /// <summary><c>ip -n node args</c>; throws with the command and its error when it fails.</summary>
    public string Ip(params string[] args) => Shell.Ok("ip", ["-n", Name, .. args]);
}
