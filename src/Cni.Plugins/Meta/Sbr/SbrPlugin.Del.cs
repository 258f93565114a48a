using System.Net.Sockets;
using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Sbr;

public sealed partial class SbrPlugin
{
    /// <summary>
    /// Deletes the rules whose source is an address of the interface (only in <c>table</c> when set). The routes go with
    /// the device. A gone or empty netns, or a gone interface, is success (Go fails on the former).
    /// </summary>
    public override void Del(PluginRequest request)
    {
        var (conf, _, _) = Load(request);
        using var ns = Namespaces.OpenForDel(request);
        if (ns is null)
        {
            return;
        }
        using var held = LockNetns(request.Netns);
        using var rtnl = Rtnl.OpenIn(ns);
        if (rtnl.Links.Get(request.IfName) is not { } link)
        {
            return;
        }
        var addresses = rtnl.Addresses.List(link.Index).Select(a => a.Address).ToList();
        LinuxException? last = null;
        foreach (var family in new[] { AddressFamily.InterNetwork, AddressFamily.InterNetworkV6 })
        {
            foreach (var rule in rtnl.Routes.ListRules(family))
            {
                if (rule.Source is not { } src || (conf.Table is { } t && rule.Table != t) || !addresses.Contains(src.BaseAddress))
                {
                    continue;
                }
                try
                {
                    rtnl.Routes.DeleteRule(rule with { Family = family });
                }
                catch (LinuxException e)
                {
                    last = e;
                }
            }
        }
        if (last is not null)
        {
            throw new CniException(CniErrorCode.Internal, "Failed to delete rule: " + last.Message);
        }
    }
}
