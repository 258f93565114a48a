using System.Text.Json;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Portmap;

/// <summary>
/// Reads <see cref="PortmapConfig"/> from stdin by hand, exactly as the source-generated serializer did (names any
/// case, last occurrence wins, same error texts, a mapping's settable <c>protocol</c> read after its other keys as the
/// serializer did), without building serializer metadata at every start.
/// </summary>
internal static class PortmapConfigReader
{
    private const string Ns = "Cni.Plugins.Meta.Portmap.";
    private const string ConfigType = Ns + "PortmapConfig";
    private const string RuntimeType = Ns + "PortmapRuntimeConfig";
    private const string MappingType = Ns + "PortMapping";
    private const string MappingList = "System.Collections.Generic.List`1[" + MappingType + "]";
    private const string StringList = "System.Collections.Generic.List`1[System.String]";

    /// <exception cref="CniException">Code 7 with <c>failed to load netconf: </c> and the serializer's message.</exception>
    public static PortmapConfig Load(PluginRequest request)
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
    public static PortmapConfig Read(ReadOnlySpan<byte> json)
    {
        var r = new ConfigReader(json);
        if (!r.BeginObject(ConfigType))
        {
            throw new JsonException("null config");
        }
        string? backend = null, externalSetMarkChain = null;
        bool? snat = null;
        bool masqAll = false, repair = false;
        int? markMasqBit = null;
        List<string?>? conditionsV4 = null, conditionsV6 = null;
        PortmapRuntimeConfig? runtime = null;
        while (r.NextMember(ConfigType, out var key))
        {
            r.Enter(key);
            switch (key.ToUpperInvariant())
            {
                case "BACKEND": backend = r.ReadString(ConfigType); break;
                case "SNAT": snat = r.ReadNullableBool(ConfigType); break;
                case "MASQALL": masqAll = r.ReadBool(ConfigType); break;
                case "MARKMASQBIT": markMasqBit = r.ReadNullableInt(ConfigType); break;
                case "EXTERNALSETMARKCHAIN": externalSetMarkChain = r.ReadString(ConfigType); break;
                case "CONDITIONSV4": conditionsV4 = r.ReadStrings(StringList); break;
                case "CONDITIONSV6": conditionsV6 = r.ReadStrings(StringList); break;
                case "RUNTIMECONFIG": runtime = ReadRuntime(ref r); break;
                case "REPAIR": repair = r.ReadBool(ConfigType); break;
                default: r.Skip(); break;
            }
            r.Leave();
        }
        return new PortmapConfig
        {
            Backend = backend,
            Snat = snat,
            MasqAll = masqAll,
            MarkMasqBit = markMasqBit,
            ExternalSetMarkChain = externalSetMarkChain,
            ConditionsV4 = conditionsV4!,
            ConditionsV6 = conditionsV6!,
            RuntimeConfig = runtime,
            Repair = repair,
        };
    }

    private static PortmapRuntimeConfig? ReadRuntime(ref ConfigReader r)
    {
        if (!r.BeginObject(RuntimeType))
        {
            return null;
        }
        List<PortMapping>? mappings = null;
        while (r.NextMember(RuntimeType, out var key))
        {
            r.Enter(key);
            if (ConfigReader.Is(key, "portMappings"))
            {
                mappings = ReadMappings(ref r);
            }
            else
            {
                r.Skip();
            }
            r.Leave();
        }
        return new PortmapRuntimeConfig { PortMappings = mappings };
    }

    private static List<PortMapping>? ReadMappings(ref ConfigReader r)
    {
        if (!r.BeginArray(MappingList))
        {
            return null;
        }
        var list = new List<PortMapping>();
        while (r.NextElement())
        {
            r.Enter(list.Count);
            list.Add(ReadMapping(ref r)!);
            r.Leave();
        }
        return list;
    }

    private static PortMapping? ReadMapping(ref ConfigReader r)
    {
        if (!r.BeginObject(MappingType))
        {
            return null;
        }
        int hostPort = 0, containerPort = 0;
        string? hostIP = null;
        var protocolAt = new List<(string Name, int At)>();
        while (r.NextMember(MappingType, out var key))
        {
            if (ConfigReader.Is(key, "protocol"))
            {
                // The serializer sets a settable property after every init-only one (its errors name the object's end).
                protocolAt.Add((key, r.ValueStart));
                r.Skip();
                continue;
            }
            r.Enter(key);
            switch (key.ToUpperInvariant())
            {
                case "HOSTPORT": hostPort = r.ReadInt(MappingType); break;
                case "CONTAINERPORT": containerPort = r.ReadInt(MappingType); break;
                case "HOSTIP": hostIP = r.ReadString(MappingType); break;
                default: r.Skip(); break;
            }
            r.Leave();
        }
        var mapping = new PortMapping { HostPort = hostPort, ContainerPort = containerPort, HostIP = hostIP };
        foreach (var (name, at) in protocolAt)
        {
            var value = r.At(at);
            value.Enter(name);
            mapping.Protocol = value.ReadString(ConfigReader.String)!;
            value.Leave();
        }
        return mapping;
    }
}
