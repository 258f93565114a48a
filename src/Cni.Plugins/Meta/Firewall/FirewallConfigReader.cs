using System.Text.Json;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Firewall;

/// <summary>
/// Reads <see cref="FirewallConfig"/> from stdin by hand, exactly as the source-generated serializer did (names any
/// case, last occurrence wins, same error texts), without building serializer metadata at every start.
/// </summary>
internal static class FirewallConfigReader
{
    private const string ConfigType = "Cni.Plugins.Meta.Firewall.FirewallConfig";

    /// <exception cref="CniException">Code 7 with <c>failed to load netconf: </c> and the serializer's message.</exception>
    public static FirewallConfig Load(PluginRequest request)
    {
        try
        {
            return Read(request.Config.Bytes.Span);
        }
        catch (JsonException e)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "failed to load netconf: " + e.Message);
        }
    }

    /// <exception cref="JsonException">A wrongly typed value.</exception>
    public static FirewallConfig Read(ReadOnlySpan<byte> json)
    {
        var r = new ConfigReader(json);
        if (!r.BeginObject(ConfigType))
        {
            throw new JsonException("null config");
        }
        string? backend = null, adminChain = null, zone = null, ingressPolicy = null;
        while (r.NextMember(ConfigType, out var key))
        {
            r.Enter(key);
            switch (key.ToUpperInvariant())
            {
                case "BACKEND": backend = r.ReadString(ConfigType); break;
                case "IPTABLESADMINCHAINNAME": adminChain = r.ReadString(ConfigType); break;
                case "FIREWALLDZONE": zone = r.ReadString(ConfigType); break;
                case "INGRESSPOLICY": ingressPolicy = r.ReadString(ConfigType); break;
                default: r.Skip(); break;
            }
            r.Leave();
        }
        return new FirewallConfig { Backend = backend, IptablesAdminChainName = adminChain, FirewalldZone = zone, IngressPolicy = ingressPolicy };
    }
}
