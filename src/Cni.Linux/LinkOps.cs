using Cni.Linux.Internal;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux;

/// <summary>Link (network interface) operations over one rtnetlink socket; obtained from <see cref="Rtnl.Links"/>.</summary>
public sealed partial class LinkOps
{
    private static readonly MessageParser<Link> s_parseLink = static (type, payload) =>
        type == RTM_NEWLINK ? NetlinkReader.ReadLink(payload) : null;

    private readonly NetlinkSocket _socket;

    internal LinkOps(NetlinkSocket socket) => _socket = socket;

    /// <summary>Gets the link named <paramref name="name"/>, or null when there is none (ENODEV).</summary>
    public Link? Get(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var request = NetlinkWriter.GetLink(stackalloc byte[NetlinkWriter.DefaultCapacity], name);
        var links = _socket.Query(request.Complete(), s_parseLink, $"getting link {name}", Interop.Libc.ENODEV);
        return links.Count > 0 ? links[0] : null;
    }

    /// <summary>Gets the link with index <paramref name="index"/>, or null when there is none (ENODEV).</summary>
    public Link? Get(int index)
    {
        var request = NetlinkWriter.GetLink(stackalloc byte[NetlinkWriter.DefaultCapacity], null, index);
        var links = _socket.Query(request.Complete(), s_parseLink, $"getting link {index}", Interop.Libc.ENODEV);
        return links.Count > 0 ? links[0] : null;
    }

    /// <summary>Lists all links of the namespace.</summary>
    public IReadOnlyList<Link> List()
    {
        var request = NetlinkWriter.GetLink(stackalloc byte[NetlinkWriter.DefaultCapacity], null);
        return _socket.Dump(request.Complete(), s_parseLink, "listing links");
    }

    /// <summary>Sets the link administratively up (<c>ip link set ... up</c>).</summary>
    public void SetUp(int index) => ChangeFlags(index, IFF_UP, IFF_UP, $"setting link {index} up");

    /// <summary>Sets the link administratively down (<c>ip link set ... down</c>).</summary>
    public void SetDown(int index) => ChangeFlags(index, 0, IFF_UP, $"setting link {index} down");

    private void ChangeFlags(int index, uint flags, uint change, string operation)
    {
        var request = NetlinkWriter.SetLinkFlags(stackalloc byte[NetlinkWriter.DefaultCapacity], index, flags, change);
        _socket.Execute(request.Complete(), operation);
    }
}
