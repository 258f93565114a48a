using Cni.Fuzz.Engine;

namespace Cni.Fuzz.Targets;

/// <summary>The table of fuzz targets: the CI run, <c>scripts/fuzz.sh</c> and the regression tests read it.</summary>
internal static class AllTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("network-config", SpecTargets.NetworkConfig, SpecTargets.IsCni, Json: true),
        new("network-config-list", SpecTargets.NetworkConfigList, SpecTargets.IsCni, Json: true),
        new("result", SpecTargets.Result, SpecTargets.IsCni, Json: true),
        new("cni-args", SpecTargets.CniArgs, e => e is CniException { Code: CniErrorCode.InvalidEnvironmentVariables }, Json: false),
        new("version-reply", SpecTargets.VersionReply, e => e is CniException { Code: CniErrorCode.DecodingFailure }, Json: true),
        new("spec-version", SpecTargets.SpecVersion, e => e is FormatException or CniException { Code: CniErrorCode.IncompatibleCniVersion }, Json: false),
        new("netlink", NetlinkTarget.Run, NetlinkTarget.Allowed, Json: false),
        new("host-local-store", HostLocalTarget.Text, HostLocalTarget.Allowed, Json: false),
        new("host-local-store-dir", HostLocalTarget.Directory, HostLocalTarget.Allowed, Json: false),
        new("dhcp", DhcpTarget.Run, DhcpTarget.Allowed, Json: false),
    ];

    public static FuzzTarget Get(string name) => All.Single(t => t.Name == name);
}
