using System.Net.NetworkInformation;
using Cni.Linux.Internal;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux;

public sealed partial class LinkOps
{
    /// <summary>Sets the MTU.</summary>
    public void SetMtu(int index, int mtu) => Change(index, new LinkChange { Mtu = mtu }, $"setting mtu {mtu} on link {index}");

    /// <summary>Sets the hardware address.</summary>
    public void SetMac(int index, PhysicalAddress mac)
    {
        ArgumentNullException.ThrowIfNull(mac);
        Change(index, new LinkChange { Mac = mac }, $"setting address {FormatMac(mac)} on link {index}");
    }

    /// <summary>Renames the link (it must be down).</summary>
    public void SetName(int index, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Change(index, new LinkChange { Name = name }, $"renaming link {index} to {name}");
    }

    /// <summary>Sets the interface alias (<c>ip link set ... alias</c>); an empty string removes it.</summary>
    public void SetAlias(int index, string alias)
    {
        ArgumentNullException.ThrowIfNull(alias);
        Change(index, new LinkChange { Alias = alias }, $"setting alias \"{alias}\" on link {index}");
    }

    /// <summary>Enslaves the link to <paramref name="masterIndex"/> (e.g. a bridge port).</summary>
    public void SetMaster(int index, int masterIndex) =>
        Change(index, new LinkChange { MasterIndex = masterIndex }, $"setting master {masterIndex} on link {index}");

    /// <summary>Releases the link from its master (<c>nomaster</c>).</summary>
    public void SetNoMaster(int index) => Change(index, new LinkChange { MasterIndex = 0 }, $"releasing link {index} from its master");

    /// <summary>Sets the transmit queue length.</summary>
    public void SetTxQueueLen(int index, int length) =>
        Change(index, new LinkChange { TxQueueLen = length }, $"setting txqueuelen {length} on link {index}");

    /// <summary>Turns promiscuous mode on or off.</summary>
    public void SetPromisc(int index, bool on) =>
        Change(index, new LinkChange { Flags = on ? IFF_PROMISC : 0, FlagMask = IFF_PROMISC }, $"setting promisc {(on ? "on" : "off")} on link {index}");

    /// <summary>Turns all-multicast mode on or off.</summary>
    public void SetAllMulti(int index, bool on) =>
        Change(index, new LinkChange { Flags = on ? IFF_ALLMULTI : 0, FlagMask = IFF_ALLMULTI }, $"setting allmulticast {(on ? "on" : "off")} on link {index}");

    /// <summary>
    /// No IPv6 link-local address for the link (<c>ip link set ... addrgenmode none</c>), set before it comes up: for
    /// links that never send packets of their own, whose link-local address and route only cost the kernel work.
    /// </summary>
    public void SetNoIpv6LinkLocal(int index) =>
        Change(index, new LinkChange { NoIpv6AddressGeneration = true }, $"setting addrgenmode none on link {index}");

    /// <summary>Moves the link into <paramref name="target"/>; its index may change there.</summary>
    public void SetNamespace(int index, NetNs target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var added = false;
        target.Handle.DangerousAddRef(ref added);
        try
        {
            Change(index, new LinkChange { NetNsFd = target.Handle.Fd }, $"moving link {index} to {target.Path}");
        }
        finally
        {
            if (added)
                target.Handle.DangerousRelease();
        }
    }

    /// <summary>Deletes the link (and, for a veth, its peer).</summary>
    public void Delete(int index)
    {
        var request = NetlinkWriter.DeleteLink(stackalloc byte[NetlinkWriter.DefaultCapacity], index);
        _socket.Execute(request.Complete(), $"deleting link {index}");
    }

    private void Change(int index, in LinkChange change, string operation)
    {
        var request = NetlinkWriter.ChangeLink(stackalloc byte[NetlinkWriter.DefaultCapacity], index, change);
        _socket.Execute(request.Complete(), operation);
    }

    private static string FormatMac(PhysicalAddress mac) =>
        string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
}
