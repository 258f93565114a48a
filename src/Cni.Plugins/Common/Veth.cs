using System.Net.NetworkInformation;
using Cni.Linux;

namespace Cni.Plugins.Common;

/// <summary>The veth pair of an attachment: the container end named as asked, the host end <c>veth</c> + 8 random hex (Go's naming).</summary>
internal static class Veth
{
    private const int Attempts = 10;

    /// <summary>
    /// Creates the pair from inside the container namespace with the host end born in <paramref name="hostNs"/>,
    /// sets the host end up and returns both links (host, container).
    /// </summary>
    public static (Link Host, Link Container) Create(Rtnl container, Rtnl host, NetNs hostNs, string ifName, int mtu, PhysicalAddress? mac, string netnsPath)
    {
        if (container.Links.Get(ifName) is not null)
        {
            throw new CniException(CniErrorCode.Internal, $"container veth name \"{ifName}\" already exists in {netnsPath}");
        }
        for (int i = 0; i < Attempts; i++)
        {
            // Unique is all the name must be (collisions are retried); Random avoids loading OpenSSL at every ADD.
            Span<byte> random = stackalloc byte[4];
            Random.Shared.NextBytes(random);
            var peer = "veth" + Convert.ToHexStringLower(random);
            if (host.Links.Get(peer) is not null)
            {
                continue;
            }
            try
            {
                container.Links.Create(new VethSpec
                {
                    Name = ifName,
                    Mtu = mtu > 0 ? mtu : null,
                    PeerMtu = mtu > 0 ? mtu : null,
                    // Go's netlink library sends txqueuelen 0 for both ends (its zero-valued LinkAttrs).
                    TxQueueLen = 0,
                    PeerTxQueueLen = 0,
                    Mac = mac,
                    PeerName = peer,
                    PeerNamespace = hostNs,
                });
            }
            catch (LinuxException e) when (e.Errno == 17 && host.Links.Get(peer) is not null)
            {
                continue;
            }
            var containerLink = container.Links.Get(ifName) ?? throw new CniException(CniErrorCode.Internal, $"failed to lookup \"{ifName}\" in {netnsPath}");
            var hostLink = host.Links.Get(peer) ?? throw new CniException(CniErrorCode.Internal, $"failed to lookup \"{peer}\" in the host namespace");
            host.Links.SetUp(hostLink.Index);
            Sysctls.TrySet($"net/ipv6/conf/{peer}/accept_ra", "0");
            return (host.Links.Get(hostLink.Index)!, containerLink);
        }
        throw new CniException(CniErrorCode.Internal, "failed to find a unique veth name");
    }

    /// <summary>Lowercase colon-separated MAC text, as results carry it.</summary>
    public static string MacText(PhysicalAddress? mac) =>
        mac is null ? "" : string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Parses <c>aa:bb:cc:dd:ee:ff</c> or fails with code 7 naming the value.</summary>
    public static PhysicalAddress ParseMac(string text)
    {
        try
        {
            return PhysicalAddress.Parse(text.Replace(':', '-'));
        }
        catch (FormatException)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, $"invalid MAC address \"{text}\"");
        }
    }
}
