using Cni.Linux;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>A container interface reached through its namespace: rtnetlink for state, packet sockets for DHCP.</summary>
internal sealed class NetNsLink : IDhcpLink
{
    private const ushort EtherTypeIPv4 = 0x0800;

    private readonly NetNs _ns;
    private readonly Rtnl _rtnl;
    private readonly int _index;

    private NetNsLink(NetNs ns, Rtnl rtnl, Link link)
    {
        _ns = ns;
        _rtnl = rtnl;
        _index = link.Index;
        Name = link.Name;
        HardwareAddress = link.Mac?.GetAddressBytes() ?? [];
    }

    public string Name { get; }

    public byte[] HardwareAddress { get; }

    /// <summary>Opens <paramref name="ifName"/> in the namespace at <paramref name="netnsPath"/> and sets it up if it is down (as Go does).</summary>
    /// <exception cref="CniException">The namespace or the interface cannot be found.</exception>
    public static NetNsLink Open(string netnsPath, string ifName, Action<string> log)
    {
        NetNs ns;
        try
        {
            ns = NetNs.Open(netnsPath);
        }
        catch (Exception e) when (e is LinuxException or NetNsNotFoundException or NotNetNsException)
        {
            throw new CniException(CniErrorCode.Internal, $"failed to open netns \"{netnsPath}\": {e.Message}");
        }
        Rtnl? rtnl = null;
        try
        {
            rtnl = Rtnl.OpenIn(ns);
            var link = rtnl.Links.Get(ifName)
                       ?? throw new CniException(CniErrorCode.Internal, $"error looking up \"{ifName}\": Link not found");
            if (link.Mac is not { } mac || mac.GetAddressBytes().Length != 6)
            {
                throw new CniException(CniErrorCode.Internal, $"interface \"{ifName}\" has no Ethernet address");
            }
            if (!link.IsUp)
            {
                log($"link \"{ifName}\" down, setting it up");
                rtnl.Links.SetUp(link.Index);
            }
            return new NetNsLink(ns, rtnl, link);
        }
        catch
        {
            rtnl?.Dispose();
            ns.Dispose();
            throw;
        }
    }

    public IDhcpTransport OpenTransport() => new PacketTransport(PacketSocket.OpenIn(_ns, _index, EtherTypeIPv4));

    public bool Exists()
    {
        try
        {
            return _rtnl.Links.Get(_index) is not null;
        }
        catch (LinuxException)
        {
            return false;
        }
    }

    public void SetDown() => _rtnl.Links.SetDown(_index);

    public void Dispose()
    {
        _rtnl.Dispose();
        _ns.Dispose();
    }
}
