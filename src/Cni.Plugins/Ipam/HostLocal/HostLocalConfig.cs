using System.Net;
using Cni.Plugin;
using Cni.Plugins.Common;
using Cni.Plugins.Ipam.Common;

namespace Cni.Plugins.Ipam.HostLocal;

/// <summary>host-local's validated config, built exactly as Go's <c>LoadIPAMConfig</c> builds it.</summary>
internal sealed class HostLocalConfig
{
    public const string DefaultDataDir = "/var/lib/cni/networks";

    public required string Name { get; init; }
    public required string CniVersion { get; init; }
    public required string DataDir { get; init; }
    public string? ResolvConf { get; init; }
    public required List<Route> Routes { get; init; }
    /// <summary>Runtime <c>ipRanges</c>, then the legacy range, then <c>ranges</c>; the index names <c>last_reserved_ip.N</c>.</summary>
    public required IReadOnlyList<RangeSet> RangeSets { get; init; }
    /// <summary>Requested addresses: CNI_ARGS <c>IP</c>, then <c>args.cni.ips</c>, then runtime <c>ips</c>; duplicates dropped.</summary>
    public required IReadOnlyList<IPAddress> RequestedIps { get; init; }

    /// <exception cref="CniException">Code 7 for config errors, code 4 for CNI_ARGS errors, with Go's messages.</exception>
    public static HostLocalConfig Load(PluginRequest request)
    {
        var net = HostLocalJsonReader.Load(request);
        var ipam = net.Ipam ?? throw IpamErrors.Config("IPAM config missing 'ipam' key");
        var requested = RequestedAddresses(request, net);

        var sets = new List<List<RangeConfig?>?>();
        sets.AddRange(net.RuntimeConfig?.IpRanges ?? []);
        if (ipam.Subnet is not null)
        {
            sets.Add([new RangeConfig { Subnet = ipam.Subnet, RangeStart = ipam.RangeStart, RangeEnd = ipam.RangeEnd, Gateway = ipam.Gateway }]);
        }
        sets.AddRange(ipam.Ranges ?? []);
        if (sets.Count == 0)
        {
            throw IpamErrors.Config("no IP ranges specified");
        }
        var rangeSets = new List<RangeSet>();
        for (int i = 0; i < sets.Count; i++)
        {
            try
            {
                rangeSets.Add(RangeSet.Canonicalize(sets[i]));
            }
            catch (CniException e)
            {
                throw IpamErrors.Wrap($"invalid range set {i}: ", e);
            }
        }
        var version = net.CniVersion ?? "";
        if (rangeSets.Count(s => s.IsV4) > 1 || rangeSets.Count(s => !s.IsV4) > 1)
        {
            if (!SpecVersion.TryParse(version, out var v) || version.Length == 0 || v < new SpecVersion(0, 3, 0))
            {
                throw IpamErrors.Config($"CNI version {version} does not support more than 1 address per family");
            }
        }
        for (int i = 0; i < rangeSets.Count; i++)
        {
            for (int j = i + 1; j < rangeSets.Count; j++)
            {
                if (rangeSets[i].Overlaps(rangeSets[j]))
                {
                    throw IpamErrors.Config($"range set {i} overlaps with {j}");
                }
            }
        }
        return new HostLocalConfig
        {
            Name = net.Name ?? "",
            CniVersion = version,
            DataDir = string.IsNullOrEmpty(ipam.DataDir) ? DefaultDataDir : ipam.DataDir,
            ResolvConf = string.IsNullOrEmpty(ipam.ResolvConf) ? null : ipam.ResolvConf,
            Routes = IpamRoute.ToRoutes(ipam.Routes),
            RangeSets = rangeSets,
            RequestedIps = requested,
        };
    }

    private static List<IPAddress> RequestedAddresses(PluginRequest request, HostLocalNet net)
    {
        var result = new List<IPAddress>();
        if (CniArgs.Load(request.Args, "IP").TryGetValue("IP", out var fromEnv) && fromEnv.Length > 0)
        {
            try
            {
                result.Add(ParseIpOrCidr(fromEnv));
            }
            catch (FormatException e)
            {
                throw new CniException(CniErrorCode.InvalidEnvironmentVariables,
                    $"ARGS: error parsing value of pair \"IP={fromEnv}\": {e.Message}", "CNI_ARGS");
            }
        }
        var texts = new List<string>();
        texts.AddRange(net.Args?.Cni?.Ips?.OfType<string>() ?? []);
        texts.AddRange(net.RuntimeConfig?.Ips?.OfType<string>() ?? []);
        foreach (var text in texts)
        {
            IPAddress ip;
            try
            {
                ip = ParseIpOrCidr(text);
            }
            catch (FormatException e)
            {
                throw IpamErrors.Config("cannot understand ip: " + e.Message);
            }
            if (!result.Contains(ip))
            {
                result.Add(ip);
            }
        }
        return result;
    }

    /// <summary>Go's <c>ip.ParseIP</c>: an address, or an address with a prefix that is ignored.</summary>
    /// <exception cref="FormatException"><c>invalid IP address: ...</c></exception>
    private static IPAddress ParseIpOrCidr(string text)
    {
        try
        {
            return IpMath.Canonical(text.Contains('/') ? CidrAddress.Parse(text).Address : IPText.Parse(text));
        }
        catch (FormatException)
        {
            throw new FormatException("invalid IP address: " + text);
        }
    }
}
