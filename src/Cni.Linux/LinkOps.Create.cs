using Cni.Linux.Internal;

namespace Cni.Linux;

public sealed partial class LinkOps
{
    /// <summary>
    /// Creates a link. Returns it as read back afterwards, or null when it was created in another namespace
    /// (<see cref="LinkSpec.Namespace"/>). For a veth, the returned link is the <see cref="LinkSpec.Name"/> end.
    /// </summary>
    /// <exception cref="LinuxException">The kernel refused, e.g. <c>EEXIST</c> when the name is taken.</exception>
    public Link? Create(LinkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var operation = Describe(spec);
        NetNs? peerNs = (spec as VethSpec)?.PeerNamespace;
        bool ownAdded = false, peerAdded = false;
        try
        {
            spec.Namespace?.Handle.DangerousAddRef(ref ownAdded);
            peerNs?.Handle.DangerousAddRef(ref peerAdded);
            var request = NetlinkWriter.NewLink(stackalloc byte[NetlinkWriter.DefaultCapacity], spec);
            _socket.Execute(request.Complete(), operation);
        }
        finally
        {
            if (ownAdded)
                spec.Namespace!.Handle.DangerousRelease();
            if (peerAdded)
                peerNs!.Handle.DangerousRelease();
        }

        return spec.Namespace is null ? Get(spec.Name) : null;
    }

    private static string Describe(LinkSpec spec)
    {
        var where = spec.Namespace is null ? "" : $" (in {spec.Namespace.Path})";
        return spec switch
        {
            VethSpec veth => $"creating veth {veth.Name}{where} (peer {veth.PeerName}{(veth.PeerNamespace is null ? "" : $" in {veth.PeerNamespace.Path}")})",
            _ => $"creating {NetlinkWriter.KindOf(spec)} {spec.Name}{where}",
        };
    }
}
