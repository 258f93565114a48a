using Cni.Linux;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Vrf;

/// <summary>Puts the container interface into a VRF (created on first use, deleted with its last port) and its routes into the VRF's table.</summary>
public sealed partial class VrfPlugin : Plugin.Plugin
{
    private const int IfNameMax = 15;
    private const int ENODEV = 19;

    /// <inheritdoc/>
    public override string Name => "vrf";

    /// <inheritdoc/>
    public override IReadOnlyList<string> SupportedVersions => SpecVersions.StartingFrom("0.3.1");

    internal static VrfConfig Load(PluginRequest request)
    {
        var conf = ConfigLoader.Load(request, VrfJsonContext.Default.VrfConfig);
        var name = conf.VrfName;
        if (string.IsNullOrEmpty(name))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "configuration is expected to have a valid vrf name");
        }
        // The kernel would refuse these later with a bare errno; say what is wrong while nothing has been touched.
        if (name.Length > IfNameMax || name is "." or ".." || name.Any(c => c == '/' || c == ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"vrfname \"{name}\" is not a valid interface name");
        }
        return conf;
    }

    /// <summary>The lowest table id from 1 that no VRF among <paramref name="links"/> uses (other link kinds do not count, like Go).</summary>
    internal static uint FreeTable(IEnumerable<Link> links)
    {
        var taken = links.Where(l => l.Kind == "vrf" && l.VrfTable is not null).Select(l => l.VrfTable!.Value).ToHashSet();
        for (uint t = 1; t < uint.MaxValue; t++)
        {
            if (!taken.Contains(t))
            {
                return t;
            }
        }
        throw new CniException(CniErrorCode.Internal, "findFreeRoutingTableID: Failed to find an available routing id");
    }

    /// <summary>The VRF named <paramref name="name"/>, null when there is no link of that name.</summary>
    /// <exception cref="CniException">The name belongs to a link that is not a VRF.</exception>
    private static Link? FindVrf(Rtnl rtnl, string name, string prefix)
    {
        var link = rtnl.Links.Get(name);
        if (link is not null && link.Kind != "vrf")
        {
            throw new CniException(CniErrorCode.Internal, $"{prefix}Netlink {name} is not a VRF");
        }
        return link;
    }

    private static CniException Failed(string message) => new(CniErrorCode.Internal, "cmdAdd failed: " + message);
}
