using Cni.Linux;
using Cni.Plugin;

namespace Cni.Plugins.Common;

/// <summary>CHECK: the container interface of a previous result, matched against the kernel.</summary>
internal static class ResultLinks
{
    /// <summary>
    /// The prevResult interface named <c>CNI_IFNAME</c> must name this sandbox; the kernel link must exist, be of
    /// <paramref name="kind"/> (<paramref name="kindError"/> otherwise), have the recorded MAC and be up.
    /// </summary>
    public static Link Container(Rtnl container, Result prev, PluginRequest request, string? kind, string kindError)
    {
        var iface = prev.Interfaces.FirstOrDefault(i => i.Name == request.IfName)
                    ?? throw new CniException(CniErrorCode.Internal, $"interface {request.IfName} not found in prevResult");
        if (iface.Sandbox != request.Netns)
        {
            throw new CniException(CniErrorCode.Internal, $"sandbox in prevResult {iface.Sandbox} doesn't match configured netns: {request.Netns}");
        }
        var link = container.Links.Get(request.IfName)
                   ?? throw new CniException(CniErrorCode.Internal, $"Error: Container Interface name in prevResult: {request.IfName} not found");
        if (kind is not null && link.Kind != kind)
        {
            throw new CniException(CniErrorCode.Internal, kindError);
        }
        if (!string.IsNullOrEmpty(iface.Mac) && !string.Equals(iface.Mac, Veth.MacText(link.Mac), StringComparison.OrdinalIgnoreCase))
        {
            throw new CniException(CniErrorCode.Internal,
                $"Interface {request.IfName} Mac {iface.Mac} doesn't match container Mac: {Veth.MacText(link.Mac)}");
        }
        if (!link.IsUp)
        {
            throw new CniException(CniErrorCode.Internal, $"Interface {request.IfName} is down");
        }
        return link;
    }
}
