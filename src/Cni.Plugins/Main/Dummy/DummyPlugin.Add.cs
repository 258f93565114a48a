using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Dummy;

public sealed partial class DummyPlugin
{
    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request)
    {
        RequireIpam(request);
        using var ns = Namespaces.Open(request);
        using var container = Rtnl.OpenIn(ns);
        Link link;
        try
        {
            link = container.Links.Create(new SimpleLinkSpec { Kind = "dummy", Name = request.IfName })
                   ?? throw new CniException(CniErrorCode.Internal, $"failed to fetch dummy \"{request.IfName}\"");
        }
        catch (LinuxException e)
        {
            throw new CniException(CniErrorCode.Internal, $"failed to create dummy: {e.Message}");
        }
        return Layer3.AddOrRollBack(request, ns, container, link, new Layer3Options { DnsFromIpam = true });
    }
}
