using System.Net;
using Cni.Plugin;
using Cni.Plugins.Ipam.Common;

namespace Cni.Plugins.Ipam.HostLocal;

internal sealed partial class HostLocalPlugin
{
    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request)
    {
        var conf = HostLocalConfig.Load(request);
        var result = new Result { CniVersion = SpecVersions.Current, Routes = conf.Routes };
        if (conf.ResolvConf is { } resolvConf)
        {
            result.Dns = ReadResolvConf(resolvConf);
        }

        var requested = new List<IPAddress>(conf.RequestedIps);
        var reserved = new List<IPAddress>();
        using var store = HostLocalStore.Open(conf.DataDir, conf.Name);
        try
        {
            for (int i = 0; i < conf.RangeSets.Count; i++)
            {
                var set = conf.RangeSets[i];
                var wanted = requested.FirstOrDefault(set.Contains);
                if (wanted is not null)
                {
                    requested.Remove(wanted);
                }
                try
                {
                    var ip = Allocator.Get(store, set, i, request.ContainerId, request.IfName, wanted);
                    reserved.Add(ip.Address.Address);
                    result.Ips.Add(ip);
                }
                catch (CniException e)
                {
                    throw IpamErrors.Wrap($"failed to allocate for range {i}: ", e);
                }
            }
            if (requested.Count > 0)
            {
                throw IpamErrors.Config("failed to allocate all requested IPs: " + string.Join(' ', requested.Select(IPText.Format)));
            }
        }
        catch
        {
            // Unlike Go (which releases every address of the attachment), undo only what this ADD took.
            foreach (var ip in reserved)
            {
                store.Release(ip, request.ContainerId, request.IfName);
            }
            throw;
        }
        return result;
    }

    private static Dns ReadResolvConf(string path)
    {
        try
        {
            return ResolvConf.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw IpamErrors.Config($"open {path}: {e.Message}");
        }
    }
}
