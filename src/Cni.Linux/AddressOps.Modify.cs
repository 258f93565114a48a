using System.Net;
using System.Net.Sockets;
using Cni.Linux.Internal;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux;

public sealed partial class AddressOps
{
    /// <summary>Adds <paramref name="address"/>/<paramref name="prefixLength"/> to the link (<c>ip addr add</c>).</summary>
    /// <exception cref="LinuxException">E.g. <c>EEXIST</c> when the address is already there (unless <see cref="AddressOptions.Replace"/>).</exception>
    public void Add(int index, IPAddress address, int prefixLength, AddressOptions? options = null)
    {
        Validate(address, prefixLength);
        var request = NetlinkWriter.ModifyAddress(stackalloc byte[NetlinkWriter.DefaultCapacity], add: true, index, address, prefixLength, options);
        LinkLabels.Execute(_socket, request.Complete(), index, link => $"adding address {address}/{prefixLength} to {link}");
    }

    /// <summary>Removes <paramref name="address"/>/<paramref name="prefixLength"/> from the link (<c>ip addr del</c>).</summary>
    /// <exception cref="LinuxException"><c>EADDRNOTAVAIL</c> when the link does not have the address.</exception>
    public void Delete(int index, IPAddress address, int prefixLength)
    {
        Validate(address, prefixLength);
        var request = NetlinkWriter.ModifyAddress(stackalloc byte[NetlinkWriter.DefaultCapacity], add: false, index, address, prefixLength, null);
        LinkLabels.Execute(_socket, request.Complete(), index, link => $"deleting address {address}/{prefixLength} from {link}");
    }

    /// <summary>
    /// Waits until no IPv6 address of the link is tentative (duplicate address detection finished), driven by
    /// kernel notifications (RTNLGRP_IPV6_IFADDR) rather than polling.
    /// </summary>
    /// <exception cref="LinuxException"><c>EADDRINUSE</c> when DAD failed for an address (IFA_F_DADFAILED).</exception>
    /// <exception cref="TimeoutException">Some address is still tentative at the deadline.</exception>
    public void WaitForDad(int index, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        _socket.Subscribe(RTNLGRP_IPV6_IFADDR, join: true);
        try
        {
            while (true)
            {
                var seen = _socket.NotificationsSkipped;
                var tentative = List(index, AddressFamily.InterNetworkV6).Where(a => a.Flags.HasFlag(AddressFlags.Tentative) || a.Flags.HasFlag(AddressFlags.DadFailed)).ToList();
                if (tentative.FirstOrDefault(a => a.Flags.HasFlag(AddressFlags.DadFailed)) is { } failed)
                    throw new LinuxException(Interop.Libc.EADDRINUSE, _socket.Where($"duplicate address detection of {failed} on {LinkLabels.Label(_socket, index)}"));
                if (tentative.Count == 0)
                    return;

                // A notification passed over during the dump may describe a change the dump did not see yet.
                if (_socket.NotificationsSkipped != seen)
                    continue;
                var remaining = deadline - Environment.TickCount64;
                if (remaining <= 0 || !_socket.WaitReadable((int)Math.Min(remaining, int.MaxValue), "waiting for address notifications"))
                    throw new TimeoutException($"link {LinkLabels.Label(_socket, index)} still has tentative addresses after {timeout.TotalSeconds:0.###} seconds");
            }
        }
        finally
        {
            _socket.Subscribe(RTNLGRP_IPV6_IFADDR, join: false);
        }
    }

    private static void Validate(IPAddress address, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        var max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, max);
    }
}
