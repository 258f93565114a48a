using Cni.Linux.Internal;

namespace Cni.Linux;

/// <summary>Route and policy-rule operations over one rtnetlink socket; obtained from <see cref="Rtnl.Routes"/>.</summary>
public sealed partial class RouteOps
{
    private readonly NetlinkSocket _socket;

    internal RouteOps(NetlinkSocket socket) => _socket = socket;
}
