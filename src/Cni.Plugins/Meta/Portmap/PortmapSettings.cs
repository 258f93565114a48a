using System.Net;
using Cni.Linux.PacketFilter;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Portmap;

/// <summary>A validated mapping: protocol lowercased, ports in range, host IP parsed (null = any).</summary>
internal sealed record Mapping(int HostPort, int ContainerPort, string Protocol, IPAddress? HostIP, string HostIPText)
{
    /// <summary>Whether the mapping applies to a container address of this family (Go skips the others).</summary>
    public bool AppliesTo(bool ipv4) => HostIP is null || HostIP.AddressFamily == (ipv4 ? System.Net.Sockets.AddressFamily.InterNetwork : System.Net.Sockets.AddressFamily.InterNetworkV6);

    /// <summary>A host IP that restricts the destination (<c>0.0.0.0</c> and <c>::</c> mean any).</summary>
    public bool HasDestination => HostIP is not null && !HostIP.Equals(IPAddress.Any) && !HostIP.Equals(IPAddress.IPv6Any);
}

/// <summary>Everything one portmap call needs, parsed and validated before anything is touched.</summary>
internal sealed record PortmapSettings
{
    public const int DefaultMarkBit = 13;

    public required string Network { get; init; }
    public required string ContainerId { get; init; }
    public string? Backend { get; init; }
    public bool Snat { get; init; } = true;
    public bool MasqAll { get; init; }
    public int MarkBit { get; init; } = DefaultMarkBit;
    public string? ExternalSetMarkChain { get; init; }
    public IReadOnlyList<string> ConditionsV4 { get; init; } = [];
    public IReadOnlyList<string> ConditionsV6 { get; init; } = [];
    public IReadOnlyList<Mapping> Mappings { get; init; } = [];
    public Result? Prev { get; init; }
    public bool Repair { get; init; }
    public CidrAddress? ContainerV4 { get; init; }
    public CidrAddress? ContainerV6 { get; init; }
    private IReadOnlyList<string> IptablesOptions { get; init; } = [];
    private IReadOnlyList<string> NftablesOptions { get; init; } = [];

    public static PortmapSettings Load(PluginRequest request)
    {
        try
        {
            return Parse(request);
        }
        catch (CniException e)
        {
            throw new CniException(e.Code, "failed to parse config: " + e.Msg, e.Details);
        }
        catch (FormatException e)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "failed to parse config: " + e.Message);
        }
    }

    private static PortmapSettings Parse(PluginRequest request)
    {
        var conf = PortmapConfigReader.Load(request);
        if (conf.MarkMasqBit is not null && conf.ExternalSetMarkChain is not null)
        {
            throw Bad("Cannot specify externalSetMarkChain and markMasqBit");
        }
        var bit = conf.MarkMasqBit ?? DefaultMarkBit;
        if (bit is < 0 or > 31)
        {
            throw Bad("MasqMarkBit must be between 0 and 31");
        }
        var iptOptions = new List<string>();
        var nftOptions = new List<string>();
        if (conf.ExternalSetMarkChain is not null)
        {
            iptOptions.Add("externalSetMarkChain");
        }
        foreach (var (name, conditions) in new[] { ("conditionsV4", conf.ConditionsV4), ("conditionsV6", conf.ConditionsV6) })
        {
            if (conditions is { Count: > 0 } && conditions[0].Length > 0)
            {
                (conditions[0].StartsWith('-') ? iptOptions : nftOptions).Add(name);
            }
        }
        if (conf.Backend is not (null or "iptables" or "nftables"))
        {
            throw Bad($"unrecognized backend \"{conf.Backend}\"");
        }
        var prev = request.Config.ParsePrevResult();
        var (v4, v6) = prev is null ? (null, null) : ContainerIps(prev, request.IfName);
        return new PortmapSettings
        {
            Network = request.Config.Name,
            ContainerId = request.ContainerId,
            Backend = conf.Backend,
            Snat = conf.Snat ?? true,
            MasqAll = conf.MasqAll,
            MarkBit = bit,
            ExternalSetMarkChain = conf.ExternalSetMarkChain,
            ConditionsV4 = conf.ConditionsV4 ?? [],
            ConditionsV6 = conf.ConditionsV6 ?? [],
            Mappings = [.. (conf.RuntimeConfig?.PortMappings ?? []).Select(Validate)],
            Prev = prev,
            Repair = conf.Repair,
            ContainerV4 = v4,
            ContainerV6 = v6,
            IptablesOptions = iptOptions,
            NftablesOptions = nftOptions,
        };
    }

    /// <summary>
    /// The backend: as configured, else iptables unless it is unusable and nftables is usable (Go's default).
    /// Options of the other backend are an error. Probing execs, so callers ask only when there is work.
    /// </summary>
    public bool UseNftables()
    {
        var nft = Backend switch
        {
            "nftables" => true,
            "iptables" => false,
            _ => !Iptables.V4.IsUsable() && Nftables.IsUsable(),
        };
        var (name, wrong, wrongOptions) = nft ? ("nftables", "iptables", IptablesOptions) : ("iptables", "nftables", NftablesOptions);
        if (wrongOptions.Count > 0)
        {
            throw Bad($"failed to parse config: {name} backend was requested but configuration contains {wrong}-specific options [{string.Join(' ', wrongOptions)}]");
        }
        return nft;
    }

    /// <summary>
    /// The backend when it is known without probing: configured, or implied by backend-specific options (then probed as
    /// <see cref="UseNftables"/> does, to give Go's errors). Null for the common auto case: the caller tries iptables and
    /// only when that fails asks whether iptables is unusable and nftables usable (Go's default rule), so a working
    /// host pays no <c>iptables -S INPUT 1</c> probe per call.
    /// </summary>
    public bool? KnownBackend() => Backend is null && !HasBackendOptions ? null : UseNftables();

    /// <summary>Go's auto rule, asked only after iptables failed: iptables unusable and nftables usable.</summary>
    public static bool FallBackToNftables() => !Iptables.V4.IsUsable() && Nftables.IsUsable();

    /// <summary>Whether the backend question matters without mappings (backend-specific options must still be validated).</summary>
    public bool HasBackendOptions => IptablesOptions.Count > 0 || NftablesOptions.Count > 0;

    /// <summary>
    /// The first IPv4 and IPv6 address of the container interface: addresses without an interface index, with an
    /// index out of range, or pointing at <c>CNI_IFNAME</c> in a sandbox.
    /// </summary>
    public static (CidrAddress? V4, CidrAddress? V6) ContainerIps(Result prev, string ifName)
    {
        CidrAddress? v4 = null, v6 = null;
        foreach (var ip in prev.Ips)
        {
            if (ip.Address.IsIPv4 ? v4 is not null : v6 is not null)
            {
                continue;
            }
            if (ip.Interface is { } i && i >= 0 && i < prev.Interfaces.Count &&
                (prev.Interfaces[i].Name != ifName || string.IsNullOrEmpty(prev.Interfaces[i].Sandbox)))
            {
                continue;
            }
            if (ip.Address.IsIPv4)
            {
                v4 = ip.Address;
            }
            else
            {
                v6 = ip.Address;
            }
        }
        return (v4, v6);
    }

    private static Mapping Validate(PortMapping m)
    {
        if (m.ContainerPort is <= 0 or > 65535)
        {
            throw Bad($"Invalid container port number: {m.ContainerPort}");
        }
        if (m.HostPort is <= 0 or > 65535)
        {
            throw Bad($"Invalid host port number: {m.HostPort}");
        }
        var protocol = m.Protocol.ToLowerInvariant();
        if (protocol is not ("tcp" or "udp" or "sctp"))
        {
            throw Bad($"Invalid protocol: \"{m.Protocol}\" (must be tcp, udp or sctp)");
        }
        IPAddress? hostIP = null;
        if (!string.IsNullOrEmpty(m.HostIP))
        {
            hostIP = IPAddress.TryParse(m.HostIP, out var parsed) && !m.HostIP.Contains('%') && !m.HostIP.Contains('/')
                ? (parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed)
                : throw Bad($"Invalid host IP: \"{m.HostIP}\"");
        }
        return new Mapping(m.HostPort, m.ContainerPort, protocol, hostIP, m.HostIP ?? "");
    }

    private static CniException Bad(string msg) => new(CniErrorCode.InvalidNetworkConfig, msg);
}
