using System.Text.Json;
using Cni.Plugin;
using Cni.Plugins.Common;
using Cni.Plugins.Ipam.Common;

namespace Cni.Plugins.Ipam.HostLocal;

/// <summary>
/// Reads <see cref="HostLocalNet"/> from stdin by hand, exactly as the source-generated serializer did (names any case,
/// last occurrence wins, same error texts), without building serializer metadata at every start.
/// </summary>
internal static class HostLocalJsonReader
{
    private const string Ns = "Cni.Plugins.Ipam.HostLocal.";
    private const string NetType = Ns + "HostLocalNet";
    private const string IpamType = Ns + "HostLocalIpam";
    private const string RangeType = Ns + "RangeConfig";
    private const string RuntimeType = Ns + "HostLocalRuntimeConfig";
    private const string ArgsType = Ns + "HostLocalArgs";
    private const string CniType = Ns + "CniSection";
    private const string RangeSets = "System.Collections.Generic.List`1[System.Collections.Generic.List`1[" + Ns + "RangeConfig]]";
    private const string RangeSet = "System.Collections.Generic.List`1[" + Ns + "RangeConfig]";
    private const string Routes = "System.Collections.Generic.List`1[Cni.Plugins.Ipam.Common.IpamRoute]";
    private const string Route = "Cni.Plugins.Ipam.Common.IpamRoute";
    private const string Strings = "System.Collections.Generic.List`1[System.String]";

    /// <exception cref="CniException">Code 7 with <c>failed to load netconf: </c> and the serializer's message.</exception>
    public static HostLocalNet Load(PluginRequest request)
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
    public static HostLocalNet Read(ReadOnlySpan<byte> json)
    {
        var r = new ConfigReader(json);
        if (!r.BeginObject(NetType))
        {
            throw new JsonException("null config");
        }
        string? name = null, version = null;
        HostLocalIpam? ipam = null;
        HostLocalRuntimeConfig? runtime = null;
        HostLocalArgs? args = null;
        while (r.NextMember(NetType, out var key))
        {
            r.Enter(key);
            switch (key.ToUpperInvariant())
            {
                case "NAME": name = r.ReadString(NetType); break;
                case "CNIVERSION": version = r.ReadString(NetType); break;
                case "IPAM": ipam = ReadIpam(ref r); break;
                case "RUNTIMECONFIG": runtime = ReadRuntime(ref r); break;
                case "ARGS": args = ReadArgs(ref r); break;
                default: r.Skip(); break;
            }
            r.Leave();
        }
        return new HostLocalNet { Name = name, CniVersion = version, Ipam = ipam, RuntimeConfig = runtime, Args = args };
    }

    private static HostLocalIpam? ReadIpam(ref ConfigReader r)
    {
        if (!r.BeginObject(IpamType))
        {
            return null;
        }
        string? subnet = null, start = null, end = null, gateway = null, dataDir = null, resolvConf = null;
        List<IpamRoute?>? routes = null;
        List<List<RangeConfig?>?>? ranges = null;
        while (r.NextMember(IpamType, out var key))
        {
            r.Enter(key);
            switch (key.ToUpperInvariant())
            {
                case "SUBNET": subnet = r.ReadString(IpamType); break;
                case "RANGESTART": start = r.ReadString(IpamType); break;
                case "RANGEEND": end = r.ReadString(IpamType); break;
                case "GATEWAY": gateway = r.ReadString(IpamType); break;
                case "ROUTES": routes = ReadRoutes(ref r); break;
                case "DATADIR": dataDir = r.ReadString(IpamType); break;
                case "RESOLVCONF": resolvConf = r.ReadString(IpamType); break;
                case "RANGES": ranges = ReadRangeSets(ref r); break;
                default: r.Skip(); break;
            }
            r.Leave();
        }
        return new HostLocalIpam
        {
            Subnet = subnet, RangeStart = start, RangeEnd = end, Gateway = gateway, Routes = routes, DataDir = dataDir,
            ResolvConf = resolvConf, Ranges = ranges,
        };
    }

    private static List<IpamRoute?>? ReadRoutes(ref ConfigReader r)
    {
        if (!r.BeginArray(Routes))
        {
            return null;
        }
        var list = new List<IpamRoute?>();
        while (r.NextElement())
        {
            r.Enter(list.Count);
            list.Add(ReadRoute(ref r));
            r.Leave();
        }
        return list;
    }

    private static IpamRoute? ReadRoute(ref ConfigReader r)
    {
        if (!r.BeginObject(Route))
        {
            return null;
        }
        string? dst = null, gw = null;
        int mtu = 0, advMss = 0, priority = 0;
        int? table = null, scope = null;
        while (r.NextMember(Route, out var key))
        {
            r.Enter(key);
            switch (key.ToUpperInvariant())
            {
                case "DST": dst = r.ReadString(Route); break;
                case "GW": gw = r.ReadString(Route); break;
                case "MTU": mtu = r.ReadInt(Route); break;
                case "ADVMSS": advMss = r.ReadInt(Route); break;
                case "PRIORITY": priority = r.ReadInt(Route); break;
                case "TABLE": table = r.ReadNullableInt(Route); break;
                case "SCOPE": scope = r.ReadNullableInt(Route); break;
                default: r.Skip(); break;
            }
            r.Leave();
        }
        return new IpamRoute { Dst = dst, Gw = gw, Mtu = mtu, AdvMss = advMss, Priority = priority, Table = table, Scope = scope };
    }

    private static List<List<RangeConfig?>?>? ReadRangeSets(ref ConfigReader r)
    {
        if (!r.BeginArray(RangeSets))
        {
            return null;
        }
        var sets = new List<List<RangeConfig?>?>();
        while (r.NextElement())
        {
            r.Enter(sets.Count);
            sets.Add(ReadRangeSet(ref r));
            r.Leave();
        }
        return sets;
    }

    private static List<RangeConfig?>? ReadRangeSet(ref ConfigReader r)
    {
        if (!r.BeginArray(RangeSet))
        {
            return null;
        }
        var set = new List<RangeConfig?>();
        while (r.NextElement())
        {
            r.Enter(set.Count);
            set.Add(ReadRange(ref r));
            r.Leave();
        }
        return set;
    }

    private static RangeConfig? ReadRange(ref ConfigReader r)
    {
        if (!r.BeginObject(RangeType))
        {
            return null;
        }
        string? subnet = null, start = null, end = null, gateway = null;
        while (r.NextMember(RangeType, out var key))
        {
            r.Enter(key);
            switch (key.ToUpperInvariant())
            {
                case "SUBNET": subnet = r.ReadString(RangeType); break;
                case "RANGESTART": start = r.ReadString(RangeType); break;
                case "RANGEEND": end = r.ReadString(RangeType); break;
                case "GATEWAY": gateway = r.ReadString(RangeType); break;
                default: r.Skip(); break;
            }
            r.Leave();
        }
        return new RangeConfig { Subnet = subnet, RangeStart = start, RangeEnd = end, Gateway = gateway };
    }

    private static HostLocalRuntimeConfig? ReadRuntime(ref ConfigReader r)
    {
        if (!r.BeginObject(RuntimeType))
        {
            return null;
        }
        List<List<RangeConfig?>?>? ranges = null;
        List<string?>? ips = null;
        while (r.NextMember(RuntimeType, out var key))
        {
            r.Enter(key);
            switch (key.ToUpperInvariant())
            {
                case "IPRANGES": ranges = ReadRangeSets(ref r); break;
                case "IPS": ips = r.ReadStrings(Strings); break;
                default: r.Skip(); break;
            }
            r.Leave();
        }
        return new HostLocalRuntimeConfig { IpRanges = ranges, Ips = ips };
    }

    private static HostLocalArgs? ReadArgs(ref ConfigReader r)
    {
        if (!r.BeginObject(ArgsType))
        {
            return null;
        }
        CniSection? cni = null;
        while (r.NextMember(ArgsType, out var key))
        {
            r.Enter(key);
            if (ConfigReader.Is(key, "cni"))
            {
                cni = ReadCni(ref r);
            }
            else
            {
                r.Skip();
            }
            r.Leave();
        }
        return new HostLocalArgs { Cni = cni };
    }

    private static CniSection? ReadCni(ref ConfigReader r)
    {
        if (!r.BeginObject(CniType))
        {
            return null;
        }
        List<string?>? ips = null;
        while (r.NextMember(CniType, out var key))
        {
            r.Enter(key);
            if (ConfigReader.Is(key, "ips"))
            {
                ips = r.ReadStrings(Strings);
            }
            else
            {
                r.Skip();
            }
            r.Leave();
        }
        return new CniSection { Ips = ips };
    }
}
