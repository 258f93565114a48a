using System.Net;
using System.Net.Sockets;
using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Loopback;

public sealed partial class LoopbackPlugin
{
    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request)
    {
        var prev = request.Config.ParsePrevResult();
        using var ns = Namespaces.Open(request);
        using var rtnl = Rtnl.OpenIn(ns);
        var lo = rtnl.Links.Get(Lo) ?? throw new CniException(CniErrorCode.Internal, $"failed to find {Lo} in {request.Netns}");
        rtnl.Links.SetUp(lo.Index);
        var v4 = rtnl.Addresses.List(lo.Index, AddressFamily.InterNetwork);
        var v6 = rtnl.Addresses.List(lo.Index, AddressFamily.InterNetworkV6);
        foreach (var a in v4.Concat(v6))
        {
            if (!IPAddress.IsLoopback(a.Address))
            {
                throw new CniException(CniErrorCode.Internal, $"loopback interface found with non-loopback address \"{a.Address}\"");
            }
        }
        if (prev is not null)
        {
            return prev;
        }
        var result = new Result
        {
            CniVersion = SpecVersions.Current,
            Interfaces = { new Interface { Name = Lo, Mac = "00:00:00:00:00:00", Sandbox = request.Netns } },
        };
        foreach (var first in new[] { v4.Count > 0 ? v4[0] : null, v6.Count > 0 ? v6[0] : null })
        {
            if (first is not null)
            {
                result.Ips.Add(new IPConfig { Interface = 0, Address = new CidrAddress(first.Address, first.PrefixLength) });
            }
        }
        return result;
    }
}
