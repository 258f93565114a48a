using System.Diagnostics;
using System.Net;
using Cni.Linux;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>
/// DHCP over an <c>AF_PACKET</c> socket: receives before the interface has an address and regardless of the host's
/// reverse-path filter, and sends with any source address (0.0.0.0 while selecting, the lease's when renewing).
/// </summary>
internal sealed class PacketTransport(PacketSocket socket) : IDhcpTransport
{
    public const ushort ClientPort = 68;
    public const ushort ServerPort = 67;
    private const ushort EtherTypeIPv4 = 0x0800;

    private readonly byte[] _buffer = new byte[65536];

    public static readonly byte[] BroadcastHardwareAddress = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

    public void Send(DhcpMessage message, IPAddress source, IPAddress destination, byte[] destinationHardwareAddress)
    {
        var packet = Ipv4Udp.Encode(source, destination, ClientPort, ServerPort, message.Encode());
        socket.Send(packet, destinationHardwareAddress, EtherTypeIPv4);
    }

    public DhcpReply? Receive(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        Span<byte> source = stackalloc byte[8];
        while (true)
        {
            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return null;
            }
            int n = socket.Receive(_buffer, left, source);
            if (n < 0)
            {
                return null;
            }
            if (Ipv4Udp.Decode(_buffer.AsSpan(0, n)) is not { DestinationPort: ClientPort } datagram)
            {
                continue;
            }
            try
            {
                var message = DhcpMessage.Decode(datagram.Payload);
                if (message.Op == DhcpMessage.BootReply)
                {
                    return new DhcpReply(message, datagram.Source, source[..socket.LastSourceLength].ToArray());
                }
            }
            catch (FormatException)
            {
                // Not a DHCP message for us; keep listening.
            }
        }
    }

    public void Dispose() => socket.Dispose();
}
