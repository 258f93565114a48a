using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Tuning;

public sealed partial class TuningPlugin
{
    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request)
    {
        var settings = TuningSettings.Load(request);
        settings.CheckAllowlist();
        var prev = request.Config.ParsePrevResult() ?? throw new CniException(CniErrorCode.InvalidNetworkConfig, "Required prevResult missing");
        var mac = settings.Mac is { } m ? ParseMac(m) : null;
        using var ns = Namespaces.Open(request);
        if (settings.Sysctls.Count > 0)
        {
            // On the calling thread: a thread start here costs its share of every ADD, and at exit of a process that ran
            // a second thread the kernel walks /proc's dentries, which grows with the number of pods on the node.
            ns.RunOnCallingThread(() =>
            {
                foreach (var (_, file, value) in settings.Sysctls)
                {
                    File.WriteAllText(file, value);
                }
            });
        }
        if (!settings.ChangesLink)
        {
            return prev;
        }
        using var rtnl = Rtnl.OpenIn(ns);
        var link = GetLink(rtnl, request.IfName);
        if (settings.NewName is { } taken && rtnl.Links.Get(taken) is not null)
        {
            throw new CniException(CniErrorCode.Internal, $"cannot rename {request.IfName} to {taken}: a link named {taken} exists");
        }
        TuningBackupStore.Write(settings.DataDir, request.ContainerId, request.IfName, new TuningBackup
        {
            Mac = settings.Mac is not null ? Veth.MacText(link.Mac) : null,
            Promisc = settings.Promisc ? IsPromisc(link) : null,
            Mtu = settings.Mtu != 0 ? link.Mtu : 0,
            Allmulti = settings.Allmulti is not null ? IsAllMulti(link) : null,
            TxQLen = settings.TxQLen is not null ? link.TxQueueLen : null,
            IfName = settings.NewName,
        });
        if (mac is not null)
        {
            rtnl.Links.SetMac(link.Index, mac);
            for (int i = 0; i < prev.Interfaces.Count; i++)
            {
                if (prev.Interfaces[i].Name == request.IfName)
                {
                    prev.Interfaces[i] = prev.Interfaces[i] with { Mac = settings.Mac };
                }
            }
        }
        if (settings.Promisc)
        {
            rtnl.Links.SetPromisc(link.Index, true);
        }
        if (settings.Mtu != 0)
        {
            rtnl.Links.SetMtu(link.Index, settings.Mtu);
        }
        if (settings.Allmulti is { } allmulti)
        {
            rtnl.Links.SetAllMulti(link.Index, allmulti);
        }
        if (settings.TxQLen is { } txQLen)
        {
            rtnl.Links.SetTxQueueLen(link.Index, txQLen);
        }
        if (settings.NewName is { } newName)
        {
            Rename(rtnl, link.Index, request.IfName, newName);
            for (int i = 0; i < prev.Interfaces.Count; i++)
            {
                if (prev.Interfaces[i].Name == request.IfName && !string.IsNullOrEmpty(prev.Interfaces[i].Sandbox))
                {
                    prev.Interfaces[i] = prev.Interfaces[i] with { Name = newName };
                }
            }
        }
        return prev;
    }

    /// <summary>Renames a link (the kernel wants it down for that) and brings it back up if it was up.</summary>
    private static void Rename(Rtnl rtnl, int index, string from, string to)
    {
        if (rtnl.Links.Get(to) is not null)
        {
            throw new CniException(CniErrorCode.Internal, $"cannot rename {from} to {to}: a link named {to} exists");
        }
        var up = rtnl.Links.Get(index)?.IsUp ?? false;
        if (up)
        {
            rtnl.Links.SetDown(index);
        }
        try
        {
            rtnl.Links.SetName(index, to);
        }
        finally
        {
            if (up)
            {
                rtnl.Links.SetUp(index);
            }
        }
    }

    private static System.Net.NetworkInformation.PhysicalAddress ParseMac(string text)
    {
        try
        {
            return Veth.ParseMac(text);
        }
        catch (CniException)
        {
            throw new CniException(CniErrorCode.Internal, $"invalid args {text} for MAC addr: address {text}: invalid MAC address");
        }
    }
}
