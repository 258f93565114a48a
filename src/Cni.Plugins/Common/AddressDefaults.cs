using System.Net;
using Cni.Linux;

namespace Cni.Plugins.Common;

/// <summary>What Go's netlink library adds to every IPv4 address it creates: the broadcast address of its network (prefixes shorter than /31).</summary>
internal static class AddressDefaults
{
    public static AddressOptions? For(CidrAddress address)
    {
        if (!address.IsIPv4 || address.PrefixLength >= 31)
        {
            return null;
        }
        var bytes = address.Network().Address.GetAddressBytes();
        uint host = address.PrefixLength == 0 ? uint.MaxValue : (1u << (32 - address.PrefixLength)) - 1;
        for (int i = 0; i < 4; i++)
        {
            bytes[i] |= (byte)(host >> (8 * (3 - i)));
        }
        return new AddressOptions { Broadcast = new IPAddress(bytes) };
    }
}
