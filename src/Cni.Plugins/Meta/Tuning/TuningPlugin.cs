using Cni.Linux;

namespace Cni.Plugins.Meta.Tuning;

/// <summary>Changes sysctls and link attributes of the container interface; restores the link attributes on DEL.</summary>
public sealed partial class TuningPlugin : Plugin.Plugin
{
    private const uint IffPromisc = 0x100;
    private const uint IffAllMulti = 0x200;

    /// <inheritdoc/>
    public override string Name => "tuning";

    private static Link GetLink(Rtnl rtnl, string ifName) =>
        rtnl.Links.Get(ifName) ?? throw new CniException(CniErrorCode.Internal, $"failed to get \"{ifName}\": Link not found");

    private static bool IsPromisc(Link link) => (link.Flags & IffPromisc) != 0;

    private static bool IsAllMulti(Link link) => (link.Flags & IffAllMulti) != 0;
}
