using System.Net;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>Where DHCP messages go out and come in: a packet socket on the container's interface, or a test double.</summary>
internal interface IDhcpTransport : IDisposable
{
    /// <summary>Sends from client port 68 to server port 67.</summary>
    void Send(DhcpMessage message, IPAddress source, IPAddress destination, byte[] destinationHardwareAddress);

    /// <summary>The next BOOTREPLY to port 68 that arrives within <paramref name="timeout"/>, or null.</summary>
    DhcpReply? Receive(TimeSpan timeout);
}

/// <summary>A server message and where it came from (the server's address and the last hop's hardware address).</summary>
internal sealed record DhcpReply(DhcpMessage Message, IPAddress Source, byte[] SourceHardwareAddress);
