using System.Net;
using System.Text;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>
/// The DHCPv4 client exchanges (RFC 2131 §3.1, §4.4): DISCOVER/OFFER/REQUEST/ACK, renewing (unicast to the server),
/// rebinding (broadcast) and RELEASE, with retransmission and backoff. Holds no timers: <see cref="DhcpLease"/> does.
/// </summary>
internal sealed class DhcpClient(IDhcpLink link, DhcpClientSettings settings, TimeProvider time, Random random)
{
    private const ushort MaxMessageSize = 1500;

    /// <summary>Acquires a new lease (asking for <paramref name="requested"/> when given).</summary>
    /// <exception cref="DhcpException">No lease within the budget.</exception>
    public DhcpLeaseData Acquire(IPAddress? requested, CancellationToken cancel)
    {
        using var transport = link.OpenTransport();
        var start = time.GetUtcNow();
        var deadline = start + settings.ResendTimeout;
        string? lastNak = null;
        var backoff = new Backoff(settings.ResendMax, random);
        while (true)
        {
            uint xid = NewXid();
            var offer = Exchange(transport, () => Discover(xid, requested, start), IPAddress.Any, IPAddress.Broadcast,
                PacketTransport.BroadcastHardwareAddress, DhcpMessageType.Offer, deadline, cancel);
            if (offer is null)
            {
                throw new DhcpException(lastNak is null ? "no more tries" : "DHCP server NACK'd own offer: " + lastNak, lastNak is not null);
            }
            var serverId = offer.Message.Options.Address(DhcpOptionCode.ServerIdentifier) ?? offer.Source;
            var ack = Exchange(transport, () => Select(xid, offer.Message.YourAddress, serverId, start), IPAddress.Any,
                IPAddress.Broadcast, PacketTransport.BroadcastHardwareAddress, DhcpMessageType.Ack, deadline, cancel);
            if (ack is null)
            {
                throw new DhcpException("no more tries");
            }
            if (ack.Message.Type == DhcpMessageType.Ack)
            {
                return DhcpLeaseData.FromAck(ack, time.GetUtcNow());
            }
            lastNak = NakText(ack);
            // RFC 2131 §3.1.4: on a NAK, start over from DISCOVER; the backoff keeps a confused server from being hammered.
            if (!Pause(transport, backoff.Next(), deadline, cancel))
            {
                throw new DhcpException("DHCP server NACK'd own offer: " + lastNak, nak: true);
            }
            requested = null;
        }
    }

    /// <summary>
    /// Extends <paramref name="lease"/>: unicast to its server while renewing, broadcast while rebinding, until
    /// <paramref name="deadline"/> (T2 or the expiry).
    /// </summary>
    /// <exception cref="DhcpException">No answer by the deadline, or a NAK (<see cref="DhcpException.Nak"/>).</exception>
    public DhcpLeaseData Extend(DhcpLeaseData lease, bool rebinding, DateTimeOffset deadline, CancellationToken cancel)
    {
        using var transport = link.OpenTransport();
        var start = time.GetUtcNow();
        uint xid = NewXid();
        var reply = rebinding
            ? Exchange(transport, () => Renewal(xid, lease, start), lease.Address, IPAddress.Broadcast,
                PacketTransport.BroadcastHardwareAddress, DhcpMessageType.Ack, deadline, cancel)
            : Exchange(transport, () => Renewal(xid, lease, start), lease.Address, lease.ServerId,
                lease.ServerHardwareAddress, DhcpMessageType.Ack, deadline, cancel);
        if (reply is null)
        {
            throw new DhcpException(rebinding ? "no answer to rebinding" : "no answer to renewal");
        }
        if (reply.Message.Type == DhcpMessageType.Nak)
        {
            throw new DhcpException("DHCP server refused the lease: " + NakText(reply), nak: true);
        }
        if (!reply.Message.YourAddress.Equals(lease.Address))
        {
            throw new DhcpException($"DHCP server acknowledged {reply.Message.YourAddress} instead of {lease.Address}", nak: true);
        }
        return DhcpLeaseData.FromAck(reply, time.GetUtcNow());
    }

    /// <summary>Sends DHCPRELEASE, unicast from the lease's address (servers such as dnsmasq ignore it otherwise).</summary>
    public void Release(DhcpLeaseData lease)
    {
        using var transport = link.OpenTransport();
        var options = new DhcpOptions();
        options.Set(DhcpOptionCode.MessageType, [(byte)DhcpMessageType.Release]);
        options.SetAddress(DhcpOptionCode.ServerIdentifier, lease.ServerId);
        options.Set(DhcpOptionCode.ClientIdentifier, settings.ClientId);
        var message = new DhcpMessage
        {
            Xid = NewXid(),
            ClientAddress = lease.Address,
            ClientHardwareAddress = link.HardwareAddress,
            Options = options,
        };
        transport.Send(message, lease.Address, lease.ServerId, lease.ServerHardwareAddress);
    }

    /// <summary>Sends until a matching reply of <paramref name="expected"/> type (or a NAK, when expecting an ACK) arrives; null at the deadline.</summary>
    private DhcpReply? Exchange(IDhcpTransport transport, Func<DhcpMessage> build, IPAddress source, IPAddress destination,
        byte[] destinationHardware, DhcpMessageType expected, DateTimeOffset deadline, CancellationToken cancel)
    {
        var backoff = new Backoff(settings.ResendMax, random);
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            var message = build();
            transport.Send(message, source, destination, destinationHardware);
            var until = Min(time.GetUtcNow() + settings.Timeout + backoff.Next(), deadline);
            for (var now = time.GetUtcNow(); now < until; now = time.GetUtcNow())
            {
                cancel.ThrowIfCancellationRequested();
                var left = until - now;
                var reply = transport.Receive(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
                if (reply is not null && IsAnswer(reply.Message, message) &&
                    (reply.Message.Type == expected || (expected == DhcpMessageType.Ack && reply.Message.Type == DhcpMessageType.Nak)))
                {
                    return reply;
                }
            }
            if (time.GetUtcNow() >= deadline)
            {
                return null;
            }
        }
    }

    private bool IsAnswer(DhcpMessage reply, DhcpMessage request) =>
        reply.Op == DhcpMessage.BootReply && reply.Xid == request.Xid &&
        reply.ClientHardwareAddress.AsSpan().SequenceEqual(link.HardwareAddress);

    /// <summary>Waits (reading and dropping whatever arrives) unless that would pass the deadline.</summary>
    private bool Pause(IDhcpTransport transport, TimeSpan delay, DateTimeOffset deadline, CancellationToken cancel)
    {
        var until = time.GetUtcNow() + delay;
        if (until >= deadline)
        {
            return false;
        }
        for (var now = time.GetUtcNow(); now < until; now = time.GetUtcNow())
        {
            cancel.ThrowIfCancellationRequested();
            transport.Receive(until - now);
        }
        return true;
    }

    private DhcpMessage Discover(uint xid, IPAddress? requested, DateTimeOffset start)
    {
        var options = Common(DhcpMessageType.Discover);
        if (requested is not null)
        {
            options.SetAddress(DhcpOptionCode.RequestedIPAddress, requested);
        }
        return Message(xid, start, options, IPAddress.Any, settings.Broadcast);
    }

    private DhcpMessage Select(uint xid, IPAddress offered, IPAddress serverId, DateTimeOffset start)
    {
        var options = Common(DhcpMessageType.Request);
        options.SetAddress(DhcpOptionCode.RequestedIPAddress, offered);
        options.SetAddress(DhcpOptionCode.ServerIdentifier, serverId);
        return Message(xid, start, options, IPAddress.Any, settings.Broadcast);
    }

    // RENEWING and REBINDING: ciaddr set, neither requested address nor server identifier (RFC 2131 §4.3.2).
    private DhcpMessage Renewal(uint xid, DhcpLeaseData lease, DateTimeOffset start) =>
        Message(xid, start, Common(DhcpMessageType.Request), lease.Address, broadcast: false);

    private DhcpOptions Common(DhcpMessageType type)
    {
        var options = new DhcpOptions();
        options.Set(DhcpOptionCode.MessageType, [(byte)type]);
        options.SetUInt16(DhcpOptionCode.MaximumMessageSize, MaxMessageSize);
        options.Set(DhcpOptionCode.ClientIdentifier, settings.ClientId);
        foreach (var (code, value) in settings.Provide.Items)
        {
            options.Set(code, value);
        }
        options.Set(DhcpOptionCode.ParameterRequestList, settings.RequestList);
        return options;
    }

    private DhcpMessage Message(uint xid, DateTimeOffset start, DhcpOptions options, IPAddress clientAddress, bool broadcast) => new()
    {
        Xid = xid,
        Secs = (ushort)Math.Min(ushort.MaxValue, (time.GetUtcNow() - start).TotalSeconds),
        Flags = broadcast ? DhcpMessage.BroadcastFlag : (ushort)0,
        ClientAddress = clientAddress,
        ClientHardwareAddress = link.HardwareAddress,
        Options = options,
    };

    private uint NewXid() => (uint)random.NextInt64(1, uint.MaxValue);

    private static string NakText(DhcpReply nak) =>
        nak.Message.Options.Get(DhcpOptionCode.Message) is { Length: > 0 } text ? Encoding.UTF8.GetString(text) : "no reason given";

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
