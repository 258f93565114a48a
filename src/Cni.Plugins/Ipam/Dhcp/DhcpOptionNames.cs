using System.Globalization;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>The option names a config may use (Go's <c>optionNameToID</c>), or a decimal code.</summary>
internal static class DhcpOptionNames
{
    private static readonly Dictionary<string, byte> s_names = new(StringComparer.Ordinal)
    {
        ["dhcp-client-identifier"] = DhcpOptionCode.ClientIdentifier,
        ["subnet-mask"] = DhcpOptionCode.SubnetMask,
        ["routers"] = DhcpOptionCode.Router,
        ["host-name"] = DhcpOptionCode.HostName,
        ["user-class"] = DhcpOptionCode.UserClass,
        ["vendor-class-identifier"] = DhcpOptionCode.VendorClassIdentifier,
        // Not in Go's table though its documentation uses them; accepting them costs nothing.
        ["classless-static-routes"] = DhcpOptionCode.ClasslessStaticRoutes,
        ["static-routes"] = DhcpOptionCode.StaticRoutes,
    };

    /// <exception cref="FormatException">Go's text: <c>Can not parse option "x": ...</c>.</exception>
    public static byte Parse(string? name)
    {
        name ??= "";
        if (s_names.TryGetValue(name, out var code))
        {
            return code;
        }
        if (ulong.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            if (n <= byte.MaxValue)
            {
                return (byte)n;
            }
            throw new FormatException($"Can not parse option \"{name}\": Can not parse option: strconv.ParseUint: parsing \"{name}\": value out of range");
        }
        throw new FormatException($"Can not parse option \"{name}\": Can not parse option: strconv.ParseUint: parsing \"{name}\": invalid syntax");
    }
}
