using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Tuning;

public sealed partial class TuningPlugin
{
    /// <summary>Restores the saved link attributes; never fails once the config parses (like Go).</summary>
    public override void Del(PluginRequest request)
    {
        var settings = TuningSettings.Load(request);
        var path = TuningBackupStore.PathOf(settings.DataDir, request.ContainerId, request.IfName);
        if (!File.Exists(path))
        {
            return;
        }
        using var ns = Namespaces.OpenForDel(request);
        if (ns is null)
        {
            // Nothing left to restore; Go leaves the file behind forever here.
            File.Delete(path);
            return;
        }
        try
        {
            Restore(ns, request.IfName, path);
        }
        catch (Exception e) when (e is LinuxException or CniException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"tuning: restoring {request.IfName} from {path}: {e.Message}");
        }
    }

    private static void Restore(NetNs ns, string ifName, string path)
    {
        var backup = TuningBackupStore.Read(path);
        if (backup is null)
        {
            return;
        }
        using var rtnl = Rtnl.OpenIn(ns);
        // After a rename the link carries the name ADD gave it; it gets CNI_IFNAME back last.
        var renamed = backup.IfName is { } n && n != ifName && rtnl.Links.Get(ifName) is null ? n : null;
        if (rtnl.Links.Get(renamed ?? ifName) is not { } link)
        {
            return;
        }
        var errors = new List<string>();
        void Try(string what, Action action)
        {
            try
            {
                action();
            }
            catch (Exception e) when (e is LinuxException or CniException)
            {
                errors.Add($"failed to restore {what}: {e.Message}");
            }
        }
        if (backup.Mtu != 0)
        {
            Try("MTU", () => rtnl.Links.SetMtu(link.Index, backup.Mtu));
        }
        if (!string.IsNullOrEmpty(backup.Mac))
        {
            Try("MAC address", () => rtnl.Links.SetMac(link.Index, ParseMac(backup.Mac)));
        }
        if (backup.Promisc is { } promisc)
        {
            Try("promiscuous mode", () => rtnl.Links.SetPromisc(link.Index, promisc));
        }
        if (backup.Allmulti is { } allmulti)
        {
            Try("all-multicast mode", () => rtnl.Links.SetAllMulti(link.Index, allmulti));
        }
        if (backup.TxQLen is { } txQLen)
        {
            Try("transmit queue length", () => rtnl.Links.SetTxQueueLen(link.Index, txQLen));
        }
        if (renamed is not null)
        {
            Try("interface name", () => Rename(rtnl, link.Index, renamed, ifName));
        }
        if (errors.Count > 0)
        {
            throw new CniException(CniErrorCode.Internal, string.Join("; ", errors));
        }
        File.Delete(path);
    }
}
