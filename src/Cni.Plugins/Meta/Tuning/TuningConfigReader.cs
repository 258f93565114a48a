using System.Text.Json;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Tuning;

/// <summary>
/// Reads <see cref="TuningConfig"/> from stdin by hand, exactly as the source-generated serializer did (names any
/// case, last occurrence wins, same error texts), without building serializer metadata at every start.
/// </summary>
internal static class TuningConfigReader
{
    private const string Ns = "Cni.Plugins.Meta.Tuning.";
    private const string ConfigType = Ns + "TuningConfig";
    private const string ArgsType = Ns + "TuningArgs";
    private const string OverridesType = Ns + "TuningOverrides";
    private const string StringMap = "System.Collections.Generic.Dictionary`2[System.String,System.String]";

    /// <exception cref="CniException">Code 7 with <c>failed to load netconf: </c> and the serializer's message.</exception>
    public static TuningConfig Load(PluginRequest request)
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
    public static TuningConfig Read(ReadOnlySpan<byte> json)
    {
        var r = new ConfigReader(json);
        if (!r.BeginObject(ConfigType))
        {
            throw new JsonException("null config");
        }
        string? dataDir = null, mac = null, ifName = null;
        Dictionary<string, string?>? sysctl = null;
        bool promisc = false;
        bool? allmulti = null;
        int mtu = 0;
        int? txQLen = null;
        TuningArgs? args = null;
        while (r.NextMember(ConfigType, out var key))
        {
            r.Enter(key);
            switch (key.ToUpperInvariant())
            {
                case "DATADIR": dataDir = r.ReadString(ConfigType); break;
                case "SYSCTL": sysctl = r.ReadStringMap(StringMap); break;
                case "MAC": mac = r.ReadString(ConfigType); break;
                case "PROMISC": promisc = r.ReadBool(ConfigType); break;
                case "MTU": mtu = r.ReadInt(ConfigType); break;
                case "TXQLEN": txQLen = r.ReadNullableInt(ConfigType); break;
                case "ALLMULTI": allmulti = r.ReadNullableBool(ConfigType); break;
                case "ARGS": args = ReadArgs(ref r); break;
                case "IFNAME": ifName = r.ReadString(ConfigType); break;
                default: r.Skip(); break;
            }
            r.Leave();
        }
        return new TuningConfig
        {
            DataDir = dataDir,
            Sysctl = sysctl!,
            Mac = mac,
            Promisc = promisc,
            Mtu = mtu,
            TxQLen = txQLen,
            Allmulti = allmulti,
            Args = args,
            IfName = ifName,
        };
    }

    private static TuningArgs? ReadArgs(ref ConfigReader r)
    {
        if (!r.BeginObject(ArgsType))
        {
            return null;
        }
        TuningOverrides? cni = null;
        while (r.NextMember(ArgsType, out var key))
        {
            r.Enter(key);
            if (ConfigReader.Is(key, "cni"))
            {
                cni = ReadOverrides(ref r);
            }
            else
            {
                r.Skip();
            }
            r.Leave();
        }
        return new TuningArgs { Cni = cni };
    }

    private static TuningOverrides? ReadOverrides(ref ConfigReader r)
    {
        if (!r.BeginObject(OverridesType))
        {
            return null;
        }
        Dictionary<string, string?>? sysctl = null;
        string? mac = null, ifName = null;
        bool? promisc = null, allmulti = null;
        int? mtu = null, txQLen = null;
        while (r.NextMember(OverridesType, out var key))
        {
            r.Enter(key);
            switch (key.ToUpperInvariant())
            {
                case "SYSCTL": sysctl = r.ReadStringMap(StringMap); break;
                case "MAC": mac = r.ReadString(OverridesType); break;
                case "PROMISC": promisc = r.ReadNullableBool(OverridesType); break;
                case "MTU": mtu = r.ReadNullableInt(OverridesType); break;
                case "ALLMULTI": allmulti = r.ReadNullableBool(OverridesType); break;
                case "TXQLEN": txQLen = r.ReadNullableInt(OverridesType); break;
                case "IFNAME": ifName = r.ReadString(OverridesType); break;
                default: r.Skip(); break;
            }
            r.Leave();
        }
        return new TuningOverrides { Sysctl = sysctl!, Mac = mac, Promisc = promisc, Mtu = mtu, Allmulti = allmulti, TxQLen = txQLen, IfName = ifName };
    }
}
