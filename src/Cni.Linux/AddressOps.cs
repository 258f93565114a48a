using System.Net.Sockets;
using Cni.Linux.Internal;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux;

/// <summary>Interface address operations over one rtnetlink socket; obtained from <see cref="Rtnl.Addresses"/>.</summary>
public sealed partial class AddressOps
{
    private static readonly MessageParser<IfAddress> s_parseAddress = static (type, payload) =>
        type == RTM_NEWADDR ? NetlinkReader.ReadAddress(payload) : null;

    private readonly NetlinkSocket _socket;

    internal AddressOps(NetlinkSocket socket) => _socket = socket;

    /// <summary>Lists addresses, optionally only those of one interface and/or one family.</summary>
    /// <param name="index">Only addresses of this interface index.</param>
    /// <param name="family"><see cref="AddressFamily.InterNetwork"/> or <see cref="AddressFamily.InterNetworkV6"/>; null for both.</param>
    public IReadOnlyList<IfAddress> List(int? index = null, AddressFamily? family = null)
    {
        var request = NetlinkWriter.DumpAddresses(stackalloc byte[NetlinkWriter.DefaultCapacity], ToNative(family));
        var all = _socket.Dump(request.Complete(), s_parseAddress, "listing addresses");
        if (index is { } wanted)
            all.RemoveAll(a => a.Index != wanted);
        return all;
    }

    internal static byte ToNative(AddressFamily? family) => family switch
    {
        null or AddressFamily.Unspecified => Interop.Libc.AF_UNSPEC,
        AddressFamily.InterNetwork => Interop.Libc.AF_INET,
        AddressFamily.InterNetworkV6 => Interop.Libc.AF_INET6,
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "only IPv4 and IPv6 are supported"),
    };
}
