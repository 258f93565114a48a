using System.Text;
using System.Text.Json;
using Cni.Plugins.Ipam.Common;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>The dhcp IPAM config, validated: the daemon's socket, the options to send and to ask for, the route metric.</summary>
internal sealed class DhcpConfig
{
    public const string DefaultSocketPath = "/run/cni/dhcp.sock";

    private static readonly byte[] s_defaultRequests = [DhcpOptionCode.Router, DhcpOptionCode.SubnetMask];

    public required string NetworkName { get; init; }
    public required string SocketPath { get; init; }
    public required int Priority { get; init; }

    /// <summary>Options sent to the server, in config order; a later entry for the same code wins.</summary>
    public required DhcpOptions Provide { get; init; }

    /// <summary>The Parameter Request List (option 55).</summary>
    public required byte[] Request { get; init; }

    /// <summary>Parses stdin; <paramref name="cniArgs"/> feeds <c>provide[].fromArg</c> (split loosely, like Go).</summary>
    /// <exception cref="CniException">Code 7 for a config that cannot be served.</exception>
    public static DhcpConfig Parse(ReadOnlySpan<byte> stdin, string cniArgs)
    {
        DhcpNet net;
        try
        {
            net = JsonSerializer.Deserialize(stdin, DhcpJsonContext.Default.DhcpNet)
                  ?? throw IpamErrors.Config("failed to load netconf: null config");
        }
        catch (JsonException e)
        {
            throw IpamErrors.Config("failed to load netconf: " + e.Message);
        }
        var ipam = net.Ipam ?? throw IpamErrors.Config("IPAM config missing 'ipam' key");
        try
        {
            return new DhcpConfig
            {
                NetworkName = net.Name ?? "",
                SocketPath = string.IsNullOrEmpty(ipam.DaemonSocketPath) ? DefaultSocketPath : ipam.DaemonSocketPath,
                Priority = ipam.Priority,
                Provide = ProvideOptions(ipam.Provide, LooseArgs(cniArgs)),
                Request = RequestList(ipam.Request),
            };
        }
        catch (FormatException e)
        {
            throw IpamErrors.Config(e.Message);
        }
    }

    /// <summary>Go's <c>prepareOptions</c>: split on <c>;</c>, then on the first <c>=</c>; pieces without one are skipped.</summary>
    public static Dictionary<string, string> LooseArgs(string cniArgs)
    {
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in cniArgs.Split(';'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                args[pair[..eq]] = pair[(eq + 1)..];
            }
        }
        return args;
    }

    private static DhcpOptions ProvideOptions(List<DhcpProvideOption?>? provide, Dictionary<string, string> args)
    {
        var options = new DhcpOptions();
        foreach (var p in provide ?? [])
        {
            if (p is null)
            {
                continue;
            }
            var code = DhcpOptionNames.Parse(p.Option);
            if (!string.IsNullOrEmpty(p.Value))
            {
                options.Set(code, CheckLength(p.Value, $"value too long for option \"{p.Option}\": \"{p.Value}\""));
            }
            if (args.TryGetValue(p.FromArg ?? "", out var fromArg))
            {
                options.Set(code, CheckLength(fromArg, $"value too long for option \"{p.Option}\" from CNI_ARGS \"{p.FromArg}\": \"{p.Value}\""));
            }
        }
        return options;
    }

    private static byte[] CheckLength(string value, string error)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return bytes.Length <= 255 ? bytes : throw new FormatException(error);
    }

    private static byte[] RequestList(List<DhcpRequestOption?>? request)
    {
        var codes = new List<byte>();
        bool skipDefault = false;
        foreach (var r in request ?? [])
        {
            if (r is null)
            {
                continue;
            }
            skipDefault |= r.SkipDefault;
            var code = DhcpOptionNames.Parse(r.Option);
            if (!codes.Contains(code))
            {
                codes.Add(code);
            }
        }
        if (!skipDefault)
        {
            codes.AddRange(s_defaultRequests.Where(c => !codes.Contains(c)));
        }
        return [.. codes];
    }
}
