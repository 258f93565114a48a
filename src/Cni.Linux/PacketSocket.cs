using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Cni.Linux.Internal;
using static Cni.Linux.Interop.Libc;

namespace Cni.Linux;

/// <summary>
/// A link-layer datagram socket (<c>AF_PACKET</c>, <c>SOCK_DGRAM</c>) on one interface for one EtherType: sends and
/// receives network-layer packets with the kernel adding and stripping the Ethernet header. It sees traffic before
/// the IP stack does, so it works on an interface without addresses (what DHCP clients need). Bound to the network
/// namespace it was opened in; usable from any thread, one caller at a time.
/// </summary>
public sealed class PacketSocket : IDisposable
{
    private const byte PACKET_OUTGOING = 4;

    private readonly PacketSocketHandle _handle;
    private readonly string _where;

    private PacketSocket(PacketSocketHandle handle, int interfaceIndex, string where)
    {
        _handle = handle;
        InterfaceIndex = interfaceIndex;
        _where = where;
    }

    /// <summary>The interface the socket is bound to.</summary>
    public int InterfaceIndex { get; }

    /// <summary>Opens a socket inside <paramref name="ns"/> bound to interface <paramref name="interfaceIndex"/> there.</summary>
    /// <param name="ns">The namespace of the interface.</param>
    /// <param name="interfaceIndex">The interface index in <paramref name="ns"/>.</param>
    /// <param name="etherType">The EtherType to receive, e.g. 0x0800 for IPv4.</param>
    /// <exception cref="LinuxException">The socket cannot be opened or bound.</exception>
    public static PacketSocket OpenIn(NetNs ns, int interfaceIndex, ushort etherType)
    {
        ArgumentNullException.ThrowIfNull(ns);
        var where = $"interface {interfaceIndex} in {ns.Path}";
        return new PacketSocket(ns.Run(() => Open(interfaceIndex, etherType, where)), interfaceIndex, where);
    }

    private static unsafe PacketSocketHandle Open(int interfaceIndex, ushort etherType, string where)
    {
        var protocol = BinaryPrimitives.ReverseEndianness(etherType);
        int fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, protocol);
        if (fd < 0)
            throw LinuxException.FromLastError($"opening packet socket on {where}");
        var handle = new PacketSocketHandle(fd);
        try
        {
            var address = new SockaddrLl { sll_family = AF_PACKET, sll_protocol = protocol, sll_ifindex = interfaceIndex };
            if (bind_ll(handle, &address, sizeof(SockaddrLl)) != 0)
                throw LinuxException.FromLastError($"binding packet socket to {where}");
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Sends one network-layer packet to the link-layer address <paramref name="destination"/>.</summary>
    /// <param name="packet">The packet, starting at the network header.</param>
    /// <param name="destination">The hardware address (6 bytes for Ethernet; all ones to broadcast).</param>
    /// <param name="etherType">The EtherType to put in the link-layer header.</param>
    public unsafe void Send(ReadOnlySpan<byte> packet, ReadOnlySpan<byte> destination, ushort etherType)
    {
        if (destination.Length is 0 or > 8)
            throw new ArgumentException("a hardware address has 1 to 8 bytes", nameof(destination));
        var address = new SockaddrLl
        {
            sll_family = AF_PACKET,
            sll_protocol = BinaryPrimitives.ReverseEndianness(etherType),
            sll_ifindex = InterfaceIndex,
            sll_halen = (byte)destination.Length,
        };
        destination.CopyTo(new Span<byte>(address.sll_addr, 8));
        fixed (byte* p = packet)
        {
            while (true)
            {
                var n = sendto_ll(_handle, p, packet.Length, 0, &address, sizeof(SockaddrLl));
                if (n >= 0)
                    return;
                var errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR)
                    throw new LinuxException(errno, $"sending on packet socket on {_where}");
            }
        }
    }

    /// <summary>
    /// Receives one incoming packet (own outgoing copies are skipped), waiting at most <paramref name="timeout"/>.
    /// Returns its length, or -1 when the time passed without one. The sender's hardware address goes to
    /// <paramref name="source"/> (at least 8 bytes); its length is <see cref="LastSourceLength"/>.
    /// </summary>
    public unsafe int Receive(Span<byte> buffer, TimeSpan timeout, Span<byte> source)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var left = timeout - clock.Elapsed;
            if (left < TimeSpan.Zero || !WaitReadable((int)Math.Ceiling(left.TotalMilliseconds)))
                return -1;
            var address = default(SockaddrLl);
            int length = sizeof(SockaddrLl);
            nint n;
            fixed (byte* p = buffer)
            {
                n = recvfrom_ll(_handle, p, buffer.Length, MSG_DONTWAIT, &address, &length);
            }
            if (n < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is EINTR or EAGAIN)
                    continue;
                throw new LinuxException(errno, $"receiving on packet socket on {_where}");
            }
            if (address.sll_pkttype == PACKET_OUTGOING)
                continue;
            LastSourceLength = Math.Min((int)address.sll_halen, 8);
            new ReadOnlySpan<byte>(address.sll_addr, LastSourceLength).CopyTo(source);
            return (int)n;
        }
    }

    /// <summary>The length of the hardware address written by the last successful <see cref="Receive"/>.</summary>
    public int LastSourceLength { get; private set; }

    /// <summary>Closes the socket.</summary>
    public void Dispose() => _handle.Dispose();

    private unsafe bool WaitReadable(int timeoutMs)
    {
        var added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            var fd = new PollFd { fd = _handle.Fd, events = POLLIN };
            while (true)
            {
                var n = poll(&fd, 1, timeoutMs);
                if (n >= 0)
                    return n > 0;
                var errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR)
                    throw new LinuxException(errno, $"waiting on packet socket on {_where}");
            }
        }
        finally
        {
            if (added)
                _handle.DangerousRelease();
        }
    }
}
