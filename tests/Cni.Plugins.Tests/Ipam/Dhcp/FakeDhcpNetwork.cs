using System.Net;
using Cni.Plugins.Ipam.Dhcp;

namespace Cni.Plugins.Tests.Ipam.Dhcp;

/// <summary>A clock the tests move: time passes only when a fake transport waits.</summary>
internal sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>What the client sent: the message and its IP and link-layer destination.</summary>
internal sealed record SentMessage(DhcpMessage Message, IPAddress Source, IPAddress Destination, byte[] DestinationHardware, DateTimeOffset At);

/// <summary>
/// A link and transport whose "server" is a function of the request. Waiting for a reply that does not come
/// advances the clock by the whole timeout, so retransmission schedules run instantly.
/// </summary>
internal sealed class FakeDhcpNetwork(ManualClock clock) : IDhcpLink, IDhcpTransport
{
    public static readonly byte[] ClientMac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
    public static readonly byte[] ServerMac = [0x02, 0x00, 0x00, 0x00, 0x00, 0xfe];
    public static readonly IPAddress ServerIp = IPAddress.Parse("198.18.7.1");

    private readonly Queue<DhcpReply> _pending = new();

    /// <summary>The server: returns a reply, or null to stay silent.</summary>
    public Func<DhcpMessage, DhcpReply?> Server { get; set; } = _ => null;

    public List<SentMessage> Sent { get; } = [];

    public bool IsUp { get; private set; } = true;

    public bool Gone { get; set; }

    public string Name => "eth0";

    public byte[] HardwareAddress => ClientMac;

    public IDhcpTransport OpenTransport() => this;

    public bool Exists() => !Gone;

    public void SetDown() => IsUp = false;

    public void Send(DhcpMessage message, IPAddress source, IPAddress destination, byte[] destinationHardwareAddress)
    {
        // What goes on the wire is what the server sees.
        var wire = DhcpMessage.Decode(message.Encode());
        Sent.Add(new SentMessage(wire, source, destination, destinationHardwareAddress, clock.Now));
        if (Server(wire) is { } reply)
        {
            _pending.Enqueue(reply);
        }
    }

    public DhcpReply? Receive(TimeSpan timeout)
    {
        if (_pending.TryDequeue(out var reply))
        {
            return reply;
        }
        clock.Advance(timeout);
        return null;
    }

    public void Dispose()
    {
    }

    /// <summary>A server reply to <paramref name="request"/> of type <paramref name="type"/> with the usual options.</summary>
    public static DhcpReply Reply(DhcpMessage request, DhcpMessageType type, string yourAddress, uint leaseSeconds = 120,
        Action<DhcpOptions>? extra = null)
    {
        var options = new DhcpOptions();
        options.Set(DhcpOptionCode.MessageType, [(byte)type]);
        options.SetAddress(DhcpOptionCode.ServerIdentifier, ServerIp);
        if (type != DhcpMessageType.Nak)
        {
            options.Set(DhcpOptionCode.IPAddressLeaseTime, BigEndian(leaseSeconds));
            options.SetAddress(DhcpOptionCode.SubnetMask, IPAddress.Parse("255.255.255.0"));
            options.SetAddress(DhcpOptionCode.Router, ServerIp);
        }
        extra?.Invoke(options);
        var message = new DhcpMessage
        {
            Op = DhcpMessage.BootReply,
            Xid = request.Xid,
            YourAddress = type == DhcpMessageType.Nak ? IPAddress.Any : IPAddress.Parse(yourAddress),
            ClientHardwareAddress = request.ClientHardwareAddress,
            Options = options,
        };
        return new DhcpReply(DhcpMessage.Decode(message.Encode()), ServerIp, ServerMac);
    }

    public static byte[] BigEndian(uint value) => [(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value];
}
