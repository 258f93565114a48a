using Cni.Linux;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.HostDevice;

/// <summary>
/// Moving a device between the host and the container through a throw-away namespace, as Go does: the rename
/// happens where neither udev nor NetworkManager of the host can race it, and a name taken on the other side
/// never blocks the move. Every step is undone when a later one fails.
/// </summary>
internal static class DeviceMove
{
    /// <summary>Host device → container as <paramref name="ifName"/> (alias = host name), up. Returns the container link.</summary>
    public static Link In(Rtnl host, Link device, NetNs container, Rtnl containerRtnl, string ifName)
    {
        using var temp = new TempNetns();
        bool wasUp = device.IsUp;
        Move(host, device.Index, temp.Ns, $"failed to move \"{device.Name}\" to tempNS");
        try
        {
            var inTemp = temp.Rtnl.Links.Get(device.Name) ?? throw new CniException(CniErrorCode.Internal, $"failed to find \"{device.Name}\" in tempNS");
            Step(() => temp.Rtnl.Links.SetName(inTemp.Index, ifName), $"failed to rename host device \"{device.Name}\" to \"{ifName}\"");
            Step(() => temp.Rtnl.Links.SetAlias(inTemp.Index, device.Name), $"failed to set alias to \"{device.Name}\"");
            Move(temp.Rtnl, inTemp.Index, container, $"failed to move \"{ifName}\" (host: \"{device.Name}\") to container NS");
            var moved = containerRtnl.Links.Get(ifName) ?? throw new CniException(CniErrorCode.Internal, $"failed to find \"{ifName}\" in container NS");
            try
            {
                Step(() => containerRtnl.Links.SetUp(moved.Index), $"failed to set \"{ifName}\" up");
                return containerRtnl.Links.Get(moved.Index)!;
            }
            catch
            {
                Cleanup.Try(() => containerRtnl.Links.SetNamespace(moved.Index, temp.Ns));
                throw;
            }
        }
        catch
        {
            // Whatever stage failed, the device is in the temp namespace now: restore its name and alias and send it home.
            Cleanup.Try(() => Restore(temp, host, ifName, device.Name, wasUp));
            throw;
        }
    }

    /// <summary>Container <paramref name="ifName"/> → host under its alias, left down. False when it is not there.</summary>
    public static bool Out(Rtnl containerRtnl, NetNs container, Rtnl host, string ifName)
    {
        var link = containerRtnl.Links.Get(ifName);
        if (link is null)
        {
            return false;
        }
        if (string.IsNullOrEmpty(link.Alias))
        {
            throw new CniException(CniErrorCode.Internal, $"failed to find original ifname for \"{ifName}\" (alias is not set)");
        }
        var hostName = link.Alias;
        using var temp = new TempNetns();
        Step(() => containerRtnl.Links.SetDown(link.Index), $"failed to set \"{ifName}\" down");
        Move(containerRtnl, link.Index, temp.Ns, $"failed to move \"{ifName}\" to tempNS");
        var inTemp = temp.Rtnl.Links.Get(ifName)!;
        try
        {
            Step(() => temp.Rtnl.Links.SetName(inTemp.Index, hostName), $"failed to restore \"{ifName}\" to original name \"{hostName}\"");
            Step(() => temp.Rtnl.Links.SetAlias(inTemp.Index, ""), $"failed to unset alias of \"{hostName}\"");
            using var hostNs = NetNs.OpenCurrent();
            Move(temp.Rtnl, inTemp.Index, hostNs, $"failed to move \"{ifName}\" (host: \"{hostName}\") to host NS");
            return true;
        }
        catch
        {
            Cleanup.Try(() => Restore(temp, containerRtnl, hostName, ifName, up: true, alias: hostName, target: container));
            throw;
        }
    }

    private static void Restore(TempNetns temp, Rtnl destination, string currentName, string name, bool up, string alias = "", NetNs? target = null)
    {
        var link = temp.Rtnl.Links.Get(currentName) ?? temp.Rtnl.Links.Get(name);
        if (link is null)
        {
            return;
        }
        if (link.Name != name)
        {
            temp.Rtnl.Links.SetName(link.Index, name);
        }
        temp.Rtnl.Links.SetAlias(link.Index, alias);
        using var home = target is null ? NetNs.OpenCurrent() : null;
        temp.Rtnl.Links.SetNamespace(link.Index, target ?? home!);
        if (up && destination.Links.Get(name) is { } back)
        {
            destination.Links.SetUp(back.Index);
        }
    }

    private static void Move(Rtnl from, int index, NetNs to, string what) => Step(() => from.Links.SetNamespace(index, to), what);

    private static void Step(Action action, string what)
    {
        try
        {
            action();
        }
        catch (LinuxException e)
        {
            throw new CniException(CniErrorCode.Internal, $"failed to move link {what}: {e.ErrorText}");
        }
    }
}
