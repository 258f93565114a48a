using System.Globalization;
using System.Net;
using Cni.Plugin;

namespace Cni.Plugins.Meta.Flannel;

/// <summary>What flanneld wrote to <c>subnet.env</c>: the cluster networks, this node's subnets, the MTU and whether flannel masquerades.</summary>
internal sealed record SubnetEnv
{
    public IReadOnlyList<IPNetwork> Networks { get; init; } = [];
    public IPNetwork? Subnet { get; init; }
    public IReadOnlyList<IPNetwork> Ipv6Networks { get; init; } = [];
    public IPNetwork? Ipv6Subnet { get; init; }
    public uint? Mtu { get; init; }
    public bool? IpMasq { get; init; }

    /// <summary>Reads the file like Go: <c>KEY=VALUE</c> lines, unknown keys ignored, values untrimmed, every setting required.</summary>
    public static SubnetEnv Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Fail($"open {path}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file or directory" : e.Message)}");
        }
        return Parse(lines, path);
    }

    public static SubnetEnv Parse(IEnumerable<string> lines, string path)
    {
        var env = new SubnetEnv();
        foreach (var line in lines)
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var (key, value) = eq < 0 ? (line, "") : (line[..eq], line[(eq + 1)..]);
            env = key switch
            {
                "FLANNEL_NETWORK" => env with { Networks = ParseNetworks(value) },
                "FLANNEL_SUBNET" => env with { Subnet = Cidr(value) },
                "FLANNEL_IPV6_NETWORK" => env with { Ipv6Networks = ParseNetworks(value) },
                "FLANNEL_IPV6_SUBNET" => env with { Ipv6Subnet = Cidr(value) },
                "FLANNEL_MTU" => env with { Mtu = uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var mtu) ? mtu : throw Fail($"strconv.ParseUint: parsing \"{value}\": invalid syntax") },
                "FLANNEL_IPMASQ" => env with { IpMasq = value == "true" },
                _ => env,
            };
        }
        var missing = new List<string>();
        if (env.Networks.Count == 0 && env.Ipv6Networks.Count == 0)
        {
            missing.AddRange(["FLANNEL_NETWORK", "FLANNEL_IPV6_NETWORK"]);
        }
        if (env.Subnet is null && env.Ipv6Subnet is null)
        {
            missing.AddRange(["FLANNEL_SUBNET", "FLANNEL_IPV6_SUBNET"]);
        }
        if (env.Mtu is null)
        {
            missing.Add("FLANNEL_MTU");
        }
        if (env.IpMasq is null)
        {
            missing.Add("FLANNEL_IPMASQ");
        }
        return missing.Count == 0 ? env : throw Fail($"{path} is missing {string.Join(", ", missing)}");
    }

    // A comma-separated list; duplicates dropped (flannel's isSubnetAlreadyPresent).
    private static List<IPNetwork> ParseNetworks(string value) => value.Split(',').Select(Cidr).Distinct().ToList();

    // Go's net.ParseCIDR keeps the network, not the address: 10.244.1.1/24 is 10.244.1.0/24.
    private static IPNetwork Cidr(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var ip) || text.Contains('%', StringComparison.Ordinal) ||
            !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ||
            bits > (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128))
        {
            throw Fail($"invalid CIDR address: {text}");
        }
        return new IPNetwork(Mask(ip, bits), bits);
    }

    private static IPAddress Mask(IPAddress ip, int bits)
    {
        var bytes = ip.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(bits - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xff << (8 - keep));
        }
        return new IPAddress(bytes);
    }

    private static CniException Fail(string message) => new(CniErrorCode.Internal, "loadFlannelSubnetEnv failed: " + message);
}
