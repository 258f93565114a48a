using System.Net;
using Cni.Plugins.Ipam.Common;

namespace Cni.Plugins.Ipam.HostLocal;

/// <summary>One range of a range set after Go's <c>Range.Canonicalize</c>: defaults filled, bounds checked.</summary>
internal sealed class IpRange
{
    private IpRange(CidrAddress subnet, IPAddress start, IPAddress end, IPAddress gateway)
    {
        Subnet = subnet;
        RangeStart = start;
        RangeEnd = end;
        Gateway = gateway;
    }

    /// <summary>The network (host bits clear).</summary>
    public CidrAddress Subnet { get; }
    public IPAddress RangeStart { get; }
    public IPAddress RangeEnd { get; }
    public IPAddress Gateway { get; }
    public bool IsV4 => IpMath.IsV4(RangeStart);

    /// <summary>Validates and fills defaults: gateway network+1, start network+1, end the last address (minus broadcast for IPv4).</summary>
    /// <exception cref="CniException">Code 7 with Go's message.</exception>
    public static IpRange Canonicalize(RangeConfig config)
    {
        if (string.IsNullOrEmpty(config.Subnet))
        {
            throw IpamErrors.Config(config.Subnet is null ? "IP <nil> not v4 nor v6" : "invalid CIDR address: ");
        }
        var parsed = IpamErrors.Parse(() => CidrAddress.Parse(config.Subnet));
        var ip = IpMath.Canonical(parsed.Address);
        bool v4 = IpMath.IsV4(ip);
        int maskBits = parsed.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        if (parsed.PrefixLength > maskBits - 2)
        {
            throw IpamErrors.Config($"Network {parsed} too small to allocate from");
        }
        if (v4 != (maskBits == 32))
        {
            throw IpamErrors.Config("IPNet IP and Mask version mismatch");
        }
        var network = new CidrAddress(ip, parsed.PrefixLength).Network();
        if (!network.Address.Equals(ip))
        {
            throw IpamErrors.Config(
                $"Network has host bits set. For a subnet mask of length {parsed.PrefixLength} the network address is {IPText.Format(network.Address)}");
        }
        var gateway = config.Gateway is { Length: > 0 } g ? IpMath.Canonical(IpamErrors.Parse(() => IPText.Parse(g))) : IpMath.Next(ip);
        var start = config.RangeStart is { Length: > 0 } s ? IpMath.Canonical(IpamErrors.Parse(() => IPText.Parse(s))) : null;
        var end = config.RangeEnd is { Length: > 0 } e ? IpMath.Canonical(IpamErrors.Parse(() => IPText.Parse(e))) : null;
        if (start is not null)
        {
            // Go checks the start against the configured end too, so start > end is reported on the start.
            if (!InSubnet(network, start) || (end is not null && IpMath.Compare(start, end) > 0))
            {
                throw IpamErrors.Config($"RangeStart {IPText.Format(start)} not in network {parsed}");
            }
        }
        start ??= IpMath.Next(ip);
        if (end is not null)
        {
            if (!InSubnet(network, end) || IpMath.Compare(end, start) < 0)
            {
                throw IpamErrors.Config($"RangeEnd {IPText.Format(end)} not in network {parsed}");
            }
        }
        end ??= LastIP(network);
        // Go accepts a gateway outside the subnet; it is a config mistake that only shows once containers lack a route.
        if (!InSubnet(network, gateway))
        {
            throw IpamErrors.Config($"Gateway {IPText.Format(gateway)} not in network {parsed}");
        }
        return new IpRange(network, start, end, gateway);
    }

    /// <summary>Go's <c>Range.Contains</c>: same family, inside the subnet, between start and end inclusive.</summary>
    public bool Contains(IPAddress address)
    {
        var ip = IpMath.Canonical(address);
        return InSubnet(Subnet, ip) && IpMath.Compare(ip, RangeStart) >= 0 && IpMath.Compare(ip, RangeEnd) <= 0;
    }

    public bool Overlaps(IpRange other) =>
        IsV4 == other.IsV4 &&
        (Contains(other.RangeStart) || Contains(other.RangeEnd) || other.Contains(RangeStart) || other.Contains(RangeEnd));

    /// <summary>How many addresses the iterator can hand out: start..end without the gateway.</summary>
    public UInt128 Capacity
    {
        get
        {
            var size = IpMath.ToNumber(RangeEnd) - IpMath.ToNumber(RangeStart) + 1;
            return Contains(Gateway) ? size - 1 : size;
        }
    }

    public override string ToString() => $"{IPText.Format(RangeStart)}-{IPText.Format(RangeEnd)}";

    private static bool InSubnet(CidrAddress network, IPAddress ip) =>
        ip.AddressFamily == network.Address.AddressFamily && network.Contains(ip);

    private static IPAddress LastIP(CidrAddress network)
    {
        bool v4 = IpMath.IsV4(network.Address);
        var last = IpMath.ToNumber(network.Address) | (~IpMath.Mask(network.PrefixLength, v4) & (v4 ? uint.MaxValue : UInt128.MaxValue));
        return IpMath.FromNumber(v4 ? last - 1 : last, v4);
    }
}
