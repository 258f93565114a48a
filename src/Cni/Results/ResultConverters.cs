namespace Cni;

/// <summary>The converter table between result families (Go's <c>pkg/types/internal/convert.go</c>).</summary>
public static class ResultConverters
{
    private static readonly Dictionary<(ResultFamily From, ResultFamily To), Func<ICniResult, string, ICniResult>> Table = new()
    {
        [(ResultFamily.V020, ResultFamily.V020)] = (r, v) => Copy020((Result020)r, v),
        [(ResultFamily.V020, ResultFamily.V040)] = (r, v) => To040((Result020)r, v),
        [(ResultFamily.V020, ResultFamily.V100)] = (r, v) => To100(To040((Result020)r, "0.4.0"), v),
        [(ResultFamily.V040, ResultFamily.V020)] = (r, v) => To020((Result040)r, v),
        [(ResultFamily.V040, ResultFamily.V040)] = (r, v) => Copy040((Result040)r, v),
        [(ResultFamily.V040, ResultFamily.V100)] = (r, v) => To100((Result040)r, v),
        [(ResultFamily.V100, ResultFamily.V020)] = (r, v) => To020(To040((Result)r, "0.4.0"), v),
        [(ResultFamily.V100, ResultFamily.V040)] = (r, v) => To040((Result)r, v),
        [(ResultFamily.V100, ResultFamily.V100)] = (r, v) => ((Result)r).WithVersion(v),
    };

    /// <summary>Converts <paramref name="result"/> to <paramref name="version"/> like Go's <c>GetAsVersion</c>: same version returns the same object.</summary>
    /// <exception cref="CniException">Code 1: no converter, or nothing left to convert.</exception>
    public static ICniResult Convert(ICniResult result, string version)
    {
        var to = version.Length == 0 ? "0.1.0" : version;
        var fromFamily = FamilyOf(result);
        var from = result.CniVersion.Length == 0 ? ResultFamilies.Newest(fromFamily) : result.CniVersion;
        if (from == to)
        {
            return result;
        }
        if (ResultFamilies.Of(from) is null || ResultFamilies.Of(to) is not { } toFamily)
        {
            throw new CniException(CniErrorCode.IncompatibleCniVersion, $"no converter for CNI result version {from} to {to}");
        }
        return Table[(fromFamily, toFamily)](result, to);
    }

    /// <summary>Converts to the 1.x shape plugins work with.</summary>
    public static Result ToCurrent(ICniResult result) =>
        result as Result ?? (Result)Convert(result, SpecVersions.Current);

    private static ResultFamily FamilyOf(ICniResult r) => r switch
    {
        Result020 => ResultFamily.V020,
        Result040 => ResultFamily.V040,
        _ => ResultFamily.V100,
    };

    private static Result020 Copy020(Result020 r, string v) => new() { CniVersion = v, Ip4 = r.Ip4, Ip6 = r.Ip6, Dns = r.Dns };

    private static Result040 Copy040(Result040 r, string v) =>
        new() { CniVersion = v, Interfaces = [.. r.Interfaces], Ips = [.. r.Ips], Routes = [.. r.Routes], Dns = r.Dns };

    private static Result040 To040(Result020 r, string v)
    {
        var result = new Result040 { CniVersion = v, Dns = r.Dns };
        foreach (var (ip, family) in new[] { (r.Ip4, "4"), (r.Ip6, "6") })
        {
            if (ip is null)
            {
                continue;
            }
            result.Ips.Add(new IPConfig040 { Version = family, Address = ip.Ip, Gateway = ip.Gateway });
            result.Routes.AddRange(ip.Routes);
        }
        return result;
    }

    private static Result020 To020(Result040 r, string v)
    {
        var result = new Result020 { CniVersion = v, Dns = r.Dns };
        foreach (var ip in r.Ips)
        {
            if (ip.Version == "4" && result.Ip4 is null)
            {
                result.Ip4 = new IPConfig020 { Ip = ip.Address, Gateway = ip.Gateway };
            }
            else if (ip.Version == "6" && result.Ip6 is null)
            {
                result.Ip6 = new IPConfig020 { Ip = ip.Address, Gateway = ip.Gateway };
            }
        }
        if (result.Ip4 is null && result.Ip6 is null)
        {
            throw new CniException(CniErrorCode.IncompatibleCniVersion, "cannot convert: no valid IP addresses");
        }
        foreach (var route in r.Routes)
        {
            var target = route.Dst.IsIPv4 ? result.Ip4 : result.Ip6;
            target?.Routes.Add(new Route { Dst = route.Dst, Gw = route.Gw });
        }
        return result;
    }

    private static Result To100(Result040 r, string v) => new()
    {
        CniVersion = v,
        Interfaces = r.Interfaces.Select(i => new Interface { Name = i.Name, Mac = i.Mac, Sandbox = i.Sandbox }).ToList(),
        Ips = r.Ips.Select(i => new IPConfig { Interface = i.Interface, Address = i.Address, Gateway = i.Gateway }).ToList(),
        Routes = [.. r.Routes],
        Dns = r.Dns,
    };

    private static Result040 To040(Result r, string v) => new()
    {
        CniVersion = v,
        Interfaces = r.Interfaces.Select(i => new Interface { Name = i.Name, Mac = i.Mac, Sandbox = i.Sandbox }).ToList(),
        Ips = r.Ips.Select(i => new IPConfig040
        {
            Version = i.Address.IsIPv4 ? "4" : "6",
            Interface = i.Interface,
            Address = i.Address,
            Gateway = i.Gateway,
        }).ToList(),
        Routes = [.. r.Routes],
        Dns = r.Dns,
    };
}
