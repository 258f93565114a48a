using System.Text.Json;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Main.Bridge;

/// <summary>
/// Reads <see cref="BridgeConfig"/> from stdin by hand, exactly as the source-generated serializer did (names any case,
/// last occurrence wins, same error texts, <c>bridge</c> read after the other keys as the serializer's
/// init-property path did), without building serializer metadata at every start.
/// </summary>
internal static class BridgeConfigReader
{
    private const string TrunkList = "System.Collections.Generic.List`1[Cni.Plugins.Main.Bridge.BridgeTrunk]";
    private const string Trunk = "Cni.Plugins.Main.Bridge.BridgeTrunk";
    private const string Config = "Cni.Plugins.Main.Bridge.BridgeConfig";

    /// <exception cref="CniException">Code 7 with <c>failed to load netconf: </c> and the serializer's message.</exception>
    public static BridgeConfig Load(PluginRequest request)
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
    public static BridgeConfig Read(ReadOnlySpan<byte> json)
    {
        var r = new ConfigReader(json);
        if (!r.BeginObject(Config))
        {
            throw new JsonException("null config");
        }
        bool isGateway = false, isDefaultGateway = false, forceAddress = false, ipMasq = false, hairpin = false,
            promisc = false, preserveDefaultVlan = false, macSpoofChk = false, enableDad = false, disableContainerInterface = false,
            portIsolation = false;
        string? ipMasqBackend = null;
        int mtu = 0, vlan = 0;
        List<BridgeTrunk>? trunk = null;
        var bridgeAt = new List<(string Name, int At)>();
        while (r.NextMember(Config, out var name))
        {
            if (ConfigReader.Is(name, "bridge"))
            {
                // The serializer sets a settable property after every init-only one (its errors name the object's end).
                bridgeAt.Add((name, r.ValueStart));
                r.Skip();
                continue;
            }
            r.Enter(name);
            switch (name.ToUpperInvariant())
            {
                case "ISGATEWAY": isGateway = r.ReadBool(Config); break;
                case "ISDEFAULTGATEWAY": isDefaultGateway = r.ReadBool(Config); break;
                case "FORCEADDRESS": forceAddress = r.ReadBool(Config); break;
                case "IPMASQ": ipMasq = r.ReadBool(Config); break;
                case "IPMASQBACKEND": ipMasqBackend = r.ReadString(Config); break;
                case "MTU": mtu = r.ReadInt(Config); break;
                case "HAIRPINMODE": hairpin = r.ReadBool(Config); break;
                case "PROMISCMODE": promisc = r.ReadBool(Config); break;
                case "VLAN": vlan = r.ReadInt(Config); break;
                case "VLANTRUNK": trunk = ReadTrunks(ref r); break;
                case "PRESERVEDEFAULTVLAN": preserveDefaultVlan = r.ReadBool(Config); break;
                case "MACSPOOFCHK": macSpoofChk = r.ReadBool(Config); break;
                case "ENABLEDAD": enableDad = r.ReadBool(Config); break;
                case "DISABLECONTAINERINTERFACE": disableContainerInterface = r.ReadBool(Config); break;
                case "PORTISOLATION": portIsolation = r.ReadBool(Config); break;
                default: r.Skip(); break;
            }
            r.Leave();
        }
        var conf = new BridgeConfig
        {
            IsGateway = isGateway,
            IsDefaultGateway = isDefaultGateway,
            ForceAddress = forceAddress,
            IpMasq = ipMasq,
            IpMasqBackend = ipMasqBackend,
            Mtu = mtu,
            HairpinMode = hairpin,
            PromiscMode = promisc,
            Vlan = vlan,
            VlanTrunk = trunk,
            PreserveDefaultVlan = preserveDefaultVlan,
            MacSpoofChk = macSpoofChk,
            EnableDad = enableDad,
            DisableContainerInterface = disableContainerInterface,
            PortIsolation = portIsolation,
        };
        foreach (var (name, at) in bridgeAt)
        {
            var value = r.At(at);
            value.Enter(name);
            conf.BrName = value.ReadString(ConfigReader.String)!;
            value.Leave();
        }
        return conf;
    }

    private static List<BridgeTrunk>? ReadTrunks(ref ConfigReader r)
    {
        if (!r.BeginArray(TrunkList))
        {
            return null;
        }
        var list = new List<BridgeTrunk>();
        while (r.NextElement())
        {
            r.Enter(list.Count);
            list.Add(ReadTrunk(ref r)!);
            r.Leave();
        }
        return list;
    }

    private static BridgeTrunk? ReadTrunk(ref ConfigReader r)
    {
        if (!r.BeginObject(Trunk))
        {
            return null;
        }
        int? min = null, max = null, id = null;
        while (r.NextMember(Trunk, out var name))
        {
            r.Enter(name);
            switch (name.ToUpperInvariant())
            {
                case "MINID": min = r.ReadNullableInt(Trunk); break;
                case "MAXID": max = r.ReadNullableInt(Trunk); break;
                case "ID": id = r.ReadNullableInt(Trunk); break;
                default: r.Skip(); break;
            }
            r.Leave();
        }
        return new BridgeTrunk { MinId = min, MaxId = max, Id = id };
    }
}
