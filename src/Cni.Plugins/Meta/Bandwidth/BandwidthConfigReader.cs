using System.Text.Json;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Bandwidth;

/// <summary>
/// Reads <see cref="BandwidthConfig"/> from stdin by hand, exactly as the source-generated serializer did (names any
/// case, last occurrence wins, same error texts), without building serializer metadata at every start (14 % of a
/// bandwidth call's CPU in the 5-plugin chain).
/// </summary>
internal static class BandwidthConfigReader
{
    private const string Ns = "Cni.Plugins.Meta.Bandwidth.";
    private const string ConfigType = Ns + "BandwidthConfig";
    private const string RuntimeType = Ns + "BandwidthRuntimeConfig";
    private const string LimitsType = Ns + "BandwidthLimits";

    /// <exception cref="CniException">Code 7 with <c>failed to load netconf: </c> and the serializer's message.</exception>
    public static BandwidthConfig Load(PluginRequest request)
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
    public static BandwidthConfig Read(ReadOnlySpan<byte> json)
    {
        var r = new ConfigReader(json);
        if (!r.BeginObject(ConfigType))
        {
            throw new JsonException("null config");
        }
        ulong? ingressRate = null, ingressBurst = null, egressRate = null, egressBurst = null;
        BandwidthRuntimeConfig? runtime = null;
        while (r.NextMember(ConfigType, out var key))
        {
            r.Enter(key);
            switch (key.ToUpperInvariant())
            {
                case "INGRESSRATE": ingressRate = r.ReadNullableULong(ConfigType); break;
                case "INGRESSBURST": ingressBurst = r.ReadNullableULong(ConfigType); break;
                case "EGRESSRATE": egressRate = r.ReadNullableULong(ConfigType); break;
                case "EGRESSBURST": egressBurst = r.ReadNullableULong(ConfigType); break;
                case "RUNTIMECONFIG": runtime = ReadRuntime(ref r); break;
                default: r.Skip(); break;
            }
            r.Leave();
        }
        return new BandwidthConfig
        {
            IngressRate = ingressRate,
            IngressBurst = ingressBurst,
            EgressRate = egressRate,
            EgressBurst = egressBurst,
            RuntimeConfig = runtime,
        };
    }

    private static BandwidthRuntimeConfig? ReadRuntime(ref ConfigReader r)
    {
        if (!r.BeginObject(RuntimeType))
        {
            return null;
        }
        BandwidthLimits? limits = null;
        while (r.NextMember(RuntimeType, out var key))
        {
            r.Enter(key);
            if (ConfigReader.Is(key, "bandwidth"))
            {
                limits = ReadLimits(ref r);
            }
            else
            {
                r.Skip();
            }
            r.Leave();
        }
        return new BandwidthRuntimeConfig { Bandwidth = limits };
    }

    private static BandwidthLimits? ReadLimits(ref ConfigReader r)
    {
        if (!r.BeginObject(LimitsType))
        {
            return null;
        }
        ulong ingressRate = 0, ingressBurst = 0, egressRate = 0, egressBurst = 0;
        while (r.NextMember(LimitsType, out var key))
        {
            r.Enter(key);
            switch (key.ToUpperInvariant())
            {
                case "INGRESSRATE": ingressRate = r.ReadULong(LimitsType); break;
                case "INGRESSBURST": ingressBurst = r.ReadULong(LimitsType); break;
                case "EGRESSRATE": egressRate = r.ReadULong(LimitsType); break;
                case "EGRESSBURST": egressBurst = r.ReadULong(LimitsType); break;
                default: r.Skip(); break;
            }
            r.Leave();
        }
        return new BandwidthLimits { IngressRate = ingressRate, IngressBurst = ingressBurst, EgressRate = egressRate, EgressBurst = egressBurst };
    }
}
