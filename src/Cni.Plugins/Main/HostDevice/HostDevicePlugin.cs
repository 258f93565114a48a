using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.HostDevice;

/// <summary>
/// Moves an existing host device into the container under <c>CNI_IFNAME</c> (its host name kept as the alias) and
/// back on DEL. Selected by <c>device</c>, <c>hwaddr</c>, <c>kernelpath</c>, <c>pciBusID</c> or runtimeConfig <c>deviceID</c>.
/// </summary>
public sealed partial class HostDevicePlugin : Plugin.Plugin
{
    /// <inheritdoc/>
    public override string Name => "host-device";

    /// <inheritdoc/>
    public override void Status(PluginRequest request)
    {
        if (request.Config.IpamType.Length > 0)
        {
            Delegation.Status(request, request.Config.IpamType);
        }
    }

    /// <summary>GC: the IPAM plugin's (it releases the addresses of attachments that are no longer valid).</summary>
    public override void Gc(PluginRequest request) => Delegation.IpamGc(request);

    private static HostDeviceConfig Load(PluginRequest request)
    {
        var conf = ConfigLoader.Load(request, HostDeviceJsonContext.Default.HostDeviceConfig);
        if (conf.RuntimeConfig?.DeviceId is { Length: > 0 } id)
        {
            if (!Directory.Exists($"/sys/bus/pci/devices/{id}"))
            {
                throw new CniException(CniErrorCode.InvalidNetworkConfig, $"runtime config DeviceID {id} not found or unsupported");
            }
            conf = conf with { PciBusId = id };
        }
        if (string.IsNullOrEmpty(conf.Device) && string.IsNullOrEmpty(conf.HwAddr) && string.IsNullOrEmpty(conf.KernelPath) && string.IsNullOrEmpty(conf.PciBusId))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "specify either \"device\", \"hwaddr\", \"kernelpath\" or \"pciBusID\"");
        }
        if (!string.IsNullOrEmpty(conf.KernelPath) && !conf.KernelPath.StartsWith("/sys/devices/", StringComparison.Ordinal))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"kernel device path {conf.KernelPath} must start with /sys/devices/");
        }
        if (!string.IsNullOrEmpty(conf.HwAddr))
        {
            _ = Veth.ParseMac(conf.HwAddr);
        }
        return conf;
    }

    /// <summary>The host link the selectors name; the first non-empty selector wins, in Go's order.</summary>
    private static Link FindHostLink(Rtnl host, HostDeviceConfig conf)
    {
        Link? link = null;
        if (!string.IsNullOrEmpty(conf.Device))
        {
            link = host.Links.Get(conf.Device);
        }
        else if (!string.IsNullOrEmpty(conf.HwAddr))
        {
            var mac = Veth.MacText(Veth.ParseMac(conf.HwAddr));
            link = host.Links.List().FirstOrDefault(l => Veth.MacText(l.Mac) == mac);
        }
        else
        {
            var dir = !string.IsNullOrEmpty(conf.KernelPath) ? Path.Join(conf.KernelPath, "net") : PciNetDir(conf.PciBusId!);
            var name = Directory.Exists(dir) ? Directory.EnumerateDirectories(dir).Select(Path.GetFileName).FirstOrDefault() : null;
            link = name is null ? null : host.Links.Get(name);
        }
        return link ?? throw new CniException(CniErrorCode.Internal, "failed to find host device: failed to find physical interface");
    }

    private static string PciNetDir(string pciBusId)
    {
        var dir = $"/sys/bus/pci/devices/{pciBusId}/net";
        if (Directory.Exists(dir))
        {
            return dir;
        }
        var virtio = Directory.Exists($"/sys/bus/pci/devices/{pciBusId}")
            ? Directory.EnumerateDirectories($"/sys/bus/pci/devices/{pciBusId}", "virtio*").Select(d => Path.Join(d, "net")).FirstOrDefault(Directory.Exists)
            : null;
        return virtio ?? throw new CniException(CniErrorCode.Internal, $"failed to find host device: no net directory under pci device {pciBusId}");
    }
}
