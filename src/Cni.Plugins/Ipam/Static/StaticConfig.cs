using System.Net;
using Cni.Plugin;
using Cni.Plugins.Common;
using Cni.Plugins.Ipam.Common;

namespace Cni.Plugins.Ipam.Static;

/// <summary>static's validated config, built as Go's <c>LoadIPAMConfig</c> builds it.</summary>
internal sealed class StaticConfig
{
    public required List<IPConfig> Addresses { get; init; }
    public required List<Route> Routes { get; init; }
    public required Dns Dns { get; init; }

    /// <summary>
    /// Config addresses, plus CNI_ARGS <c>IP</c> (appended, gateways from <c>GATEWAY</c>); <c>args.cni.ips</c> replaces
    /// the list, runtime <c>ips</c> replaces it again.
    /// </summary>
    /// <exception cref="CniException">Code 7 (code 4 for CNI_ARGS syntax) with Go's messages.</exception>
    public static StaticConfig Load(PluginRequest request)
    {
        var net = ConfigLoader.Load(request, StaticJsonContext.Default.StaticNet);
        var ipam = net.Ipam ?? throw IpamErrors.Config("IPAM config missing 'ipam' key");

        var addresses = new List<(string? Text, IPConfig? Parsed, IPAddress? Gateway)>();
        foreach (var a in ipam.Addresses ?? [])
        {
            var gw = string.IsNullOrEmpty(a.Gateway) ? null : IpamErrors.Parse(() => IPText.Parse(a.Gateway));
            addresses.Add((a.Address ?? "", null, gw));
        }
        var env = CniArgs.Load(request.Args, "IP", "GATEWAY");
        if (env.GetValueOrDefault("IP") is { Length: > 0 } ips)
        {
            foreach (var item in ips.Split(','))
            {
                var text = item.Trim();
                var cidr = ParseCidr(text, $"the 'ip' field is expected to be in CIDR notation, got: '{text}'");
                addresses.Add((null, new IPConfig { Address = cidr }, null));
            }
        }
        if (env.GetValueOrDefault("GATEWAY") is { Length: > 0 } gateways)
        {
            foreach (var item in gateways.Split(','))
            {
                if (!IPAddress.TryParse(item.Trim(), out var gw) || item.Trim().Contains('%'))
                {
                    throw IpamErrors.Config($"invalid gateway address: {item}");
                }
                // Go matches gateways only against the CNI_ARGS addresses: config ones are not parsed yet at that point.
                for (int i = 0; i < addresses.Count; i++)
                {
                    if (addresses[i].Parsed is { } p && p.Address.Contains(gw))
                    {
                        addresses[i] = (null, p with { Gateway = gw }, null);
                    }
                }
            }
        }
        if (net.Args?.Cni?.Ips is { Count: > 0 } argIps)
        {
            addresses = [.. argIps.Select(FromIpsEntry)];
        }
        if (net.RuntimeConfig?.Ips is { Count: > 0 } runtimeIps)
        {
            addresses = [.. runtimeIps.Select(FromIpsEntry)];
        }

        var result = new List<IPConfig>();
        foreach (var (text, parsed, gateway) in addresses)
        {
            result.Add(parsed ?? new IPConfig
            {
                Address = ParseCidr(text!, $"the 'address' field is expected to be in CIDR notation, got: '{text}'"),
                Gateway = gateway,
            });
        }
        var version = net.CniVersion ?? "";
        if (result.Count(a => a.Address.IsIPv4) > 1 || result.Count(a => !a.Address.IsIPv4) > 1)
        {
            if (version.Length == 0 || !SpecVersion.TryParse(version, out var v) || v < new SpecVersion(0, 3, 0))
            {
                throw IpamErrors.Config($"CNI version {version} does not support more than 1 address per family");
            }
        }
        return new StaticConfig
        {
            Addresses = result,
            Routes = IpamRoute.ToRoutes(ipam.Routes),
            Dns = ipam.Dns?.ToDns() ?? new Dns(),
        };
    }

    private static (string?, IPConfig?, IPAddress?) FromIpsEntry(string text) =>
        (null, new IPConfig { Address = ParseCidr(text, $"an entry in the 'ips' field is NOT in CIDR notation, got: '{text}'") }, null);

    /// <summary>CIDR with host bits kept; an IPv4-mapped address becomes IPv4 like Go's <c>canonicalizeIP</c>.</summary>
    private static CidrAddress ParseCidr(string text, string error)
    {
        try
        {
            var c = CidrAddress.Parse(text);
            return c.Address.IsIPv4MappedToIPv6 ? new CidrAddress(c.Address.MapToIPv4(), Math.Max(0, c.PrefixLength - 96)) : c;
        }
        catch (FormatException)
        {
            throw IpamErrors.Config(error);
        }
    }
}
