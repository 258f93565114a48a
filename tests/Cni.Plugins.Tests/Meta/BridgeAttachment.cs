using System.Text;
using Cni.Plugins.Tests.Harness;

namespace Cni.Plugins.Tests.Meta;

/// <summary>
/// A real container interface to chain meta plugins after: our bridge with Go's host-local, in a test namespace,
/// on a test bridge and subnet (198.18.x.0/24). Dispose runs DEL and removes the bridge and the IPAM store.
/// </summary>
internal sealed class BridgeAttachment : IDisposable
{
    private readonly string _dataDir;

    public BridgeAttachment(string purpose, bool ipv6 = false, string? hostNs = null, bool hairpin = false)
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        Ns = new TestNetns(purpose);
        ContainerId = "c" + id;
        Bridge = "cnim" + id;
        Network = "meta-" + id;
        HostNs = hostNs;
        Subnet = $"198.18.{Random.Shared.Next(1, 250)}";
        _dataDir = Path.Combine(Path.GetTempPath(), "cni-meta-ipam-" + id);
        var ranges = $"[{{\"subnet\":\"{Subnet}.0/24\"}}]" + (ipv6 ? $",[{{\"subnet\":\"fd00:{Random.Shared.Next(1, 0xfff):x}::/64\"}}]" : "");
        BridgeConf = $"{{\"cniVersion\":\"1.0.0\",\"name\":\"{Network}\",\"type\":\"bridge\",\"bridge\":\"{Bridge}\",\"isGateway\":true,\"hairpinMode\":{(hairpin ? "true" : "false")}," +
                     $"\"ipam\":{{\"type\":\"host-local\",\"dataDir\":\"{_dataDir}\",\"ranges\":[{ranges}]}}}}";
        try
        {
            ResultJson = MetaTestSupport.ExecIn(HostNs, "bridge", MetaTestSupport.Env("ADD", ContainerId, Ns.Path), BridgeConf).Ok().Stdout;
        }
        catch
        {
            Dispose();
            throw;
        }
        Result = ResultConverters.ToCurrent(CniResults.Parse(Encoding.UTF8.GetBytes(ResultJson)));
    }

    public TestNetns Ns { get; }
    /// <summary>The namespace playing the host (null: the real host).</summary>
    public string? HostNs { get; }
    public string ContainerId { get; }
    public string Bridge { get; }
    public string Network { get; }
    /// <summary>The first three octets of the IPv4 subnet.</summary>
    public string Subnet { get; }
    public string BridgeConf { get; }
    public string ResultJson { get; } = "";
    public Result Result { get; } = new();

    public string HostVeth => Result.Interfaces[1].Name;
    public string Gateway => Subnet + ".1";
    public string ContainerIPv4 => Result.Ips.First(i => i.Address.IsIPv4).Address.Address.ToString();
    public string? ContainerIPv6 => Result.Ips.FirstOrDefault(i => !i.Address.IsIPv4)?.Address.Address.ToString();

    public void Dispose()
    {
        if (File.Exists(Ns.Path))
        {
            MetaTestSupport.ExecIn(HostNs, "bridge", MetaTestSupport.Env("DEL", ContainerId, Ns.Path), BridgeConf);
        }
        Ns.Dispose();
        if (HostNs is null)
        {
            Shell.Run("ip", "link", "delete", Bridge);
        }
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
