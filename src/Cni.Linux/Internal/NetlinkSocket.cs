using System.Buffers.Binary;
using System.Runtime.InteropServices;
using static Cni.Linux.Interop.Libc;
using static Cni.Linux.Interop.Netlink;

namespace Cni.Linux.Internal;

/// <summary>
/// A netlink socket speaking request/response: numbers each request, matches replies by sequence number
/// and port id, checks ACKs, reassembles multi-part dumps and retries interrupted ones.
/// Bound to the network namespace it was created in; usable from any thread, one request at a time.
/// </summary>
internal sealed partial class NetlinkSocket : IDisposable
{
    private const int MaxDumpAttempts = 5;

    private readonly NetlinkSocketHandle _handle;
    private readonly Lock _lock = new();
    // Uninitialised: a zeroed 64 KiB array is cleared (and its pages faulted in) at every socket's creation, while a
    // reply touches only the bytes the kernel writes.
    private byte[] _receiveBuffer = GC.AllocateUninitializedArray<byte>(64 * 1024);
    private uint _sequence;

    private NetlinkSocket(NetlinkSocketHandle handle, uint portId, string? namespacePath)
    {
        _handle = handle;
        PortId = portId;
        NamespacePath = namespacePath;
    }

    public uint PortId { get; }

    /// <summary>Multicast notifications (sequence 0) passed over while waiting for replies; see <see cref="Subscribe"/>.</summary>
    public long NotificationsSkipped { get; private set; }

    /// <summary>The namespace named in error messages ("... in /var/run/netns/x"); null for the caller's own.</summary>
    public string? NamespacePath { get; }

    public static unsafe NetlinkSocket Open(int protocol, string? namespacePath, uint groups = 0)
    {
        int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
        if (fd < 0)
            throw LinuxException.FromLastError("opening netlink socket");
        var handle = new NetlinkSocketHandle(fd);
        try
        {
            int one = 1;
            // Best effort: older kernels lack them, and both only improve error reports.
            _ = setsockopt(handle, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(int));
            _ = setsockopt(handle, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(int));

            var address = new SockaddrNl { nl_family = AF_NETLINK, nl_groups = groups };
            if (bind(handle, &address, sizeof(SockaddrNl)) != 0)
                throw LinuxException.FromLastError("binding netlink socket");
            int length = sizeof(SockaddrNl);
            if (getsockname(handle, &address, &length) != 0)
                throw LinuxException.FromLastError("reading netlink socket address");
            return new NetlinkSocket(handle, address.nl_pid, namespacePath);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Sends a request that changes state and waits for its ACK.</summary>
    public void Execute(Span<byte> request, string operation)
    {
        lock (_lock)
            Exchange<object>(request, dump: false, parser: null, results: null, operation);
    }

    /// <summary>
    /// Sends a non-dump request (e.g. a get by name) and returns the replies it produced; an error equal to
    /// <paramref name="absentErrno"/> (e.g. ENODEV) yields an empty list instead of an exception.
    /// </summary>
    public List<T> Query<T>(Span<byte> request, MessageParser<T> parser, string operation, int absentErrno = 0)
        where T : class
    {
        var results = new List<T>(1);
        lock (_lock)
            Exchange(request, dump: false, parser, results, operation, absentErrno);
        return results;
    }

    /// <summary>Dumps; repeats the dump up to five times while the kernel marks it interrupted.</summary>
    public List<T> Dump<T>(Span<byte> request, MessageParser<T> parser, string operation)
        where T : class
    {
        var results = new List<T>();
        lock (_lock)
        {
            for (var attempt = 1; ; attempt++)
            {
                results.Clear();
                var interrupted = Exchange(request, dump: true, parser, results, operation);
                // After the last attempt the possibly inconsistent result is accepted, as the Go plugins do.
                if (!interrupted || attempt == MaxDumpAttempts)
                    return results;
            }
        }
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>Joins or leaves an rtnetlink multicast group (RTNLGRP_*) on this socket.</summary>
    public unsafe void Subscribe(uint group, bool join)
    {
        if (setsockopt(_handle, SOL_NETLINK, join ? NETLINK_ADD_MEMBERSHIP : NETLINK_DROP_MEMBERSHIP, &group, sizeof(uint)) != 0)
            throw LinuxException.FromLastError(Where($"{(join ? "joining" : "leaving")} rtnetlink group {group}"));
    }

    /// <summary>Waits until a datagram can be read or <paramref name="timeoutMs"/> passes; true when readable.</summary>
    public unsafe bool WaitReadable(int timeoutMs, string operation)
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
                    throw new LinuxException(errno, Where(operation));
            }
        }
        finally
        {
            if (added)
                _handle.DangerousRelease();
        }
    }

    /// <returns>Whether any reply carried NLM_F_DUMP_INTR.</returns>
    private bool Exchange<T>(Span<byte> request, bool dump, MessageParser<T>? parser, List<T>? results, string operation, int absentErrno = 0)
        where T : class
    {
        var sequence = ++_sequence;
        Stamp(request, sequence, dump);
        Send(request, operation);

        var interrupted = false;
        while (true)
        {
            var reader = new NetlinkReader(Receive(0, operation));
            while (reader.TryReadMessage(out var message))
            {
                if (message.Sequence != sequence || message.PortId != PortId)
                {
                    if (message.Sequence == 0)
                        NotificationsSkipped++;
                    continue;
                }
                if ((message.Flags & NLM_F_DUMP_INTR) != 0)
                    interrupted = true;

                switch (message.Type)
                {
                    case NLMSG_NOOP:
                        continue;
                    case NLMSG_ERROR:
                    case NLMSG_DONE:
                        ThrowIfError(message, operation, absentErrno);
                        if (message.Type == NLMSG_ERROR || dump)
                            return interrupted;
                        continue;
                    case NLMSG_OVERRUN:
                        throw new LinuxException(ENOBUFS, Where(operation));
                    default:
                        if (parser?.Invoke(message.Type, message.Payload) is { } value)
                            results!.Add(value);
                        continue;
                }
            }
        }
    }

    /// <summary>
    /// Fills in what every request carries: the sequence number, port id 0 (the kernel) and NLM_F_REQUEST plus
    /// NLM_F_DUMP for dumps or NLM_F_ACK otherwise (so that every change and every get is confirmed).
    /// </summary>
    internal static void Stamp(Span<byte> request, uint sequence, bool dump)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(request[8..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(request[12..], 0);
        var flags = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(request[6..]) | NLM_F_REQUEST | (dump ? NLM_F_DUMP : NLM_F_ACK));
        BinaryPrimitives.WriteUInt16LittleEndian(request[6..], flags);
    }

    private unsafe void Send(ReadOnlySpan<byte> request, string operation)
    {
        fixed (byte* p = request)
        {
            while (true)
            {
                var sent = send(_handle, p, request.Length, 0);
                if (sent >= 0)
                    return;
                var errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR)
                    throw new LinuxException(errno, Where(operation));
            }
        }
    }

    /// <summary>Receives one datagram whole: peeks its true size first and grows the buffer to fit.</summary>
    internal unsafe ReadOnlySpan<byte> Receive(int flags, string operation)
    {
        while (true)
        {
            nint size;
            fixed (byte* p = _receiveBuffer)
                size = recv(_handle, p, _receiveBuffer.Length, flags | MSG_PEEK | MSG_TRUNC);
            if (size >= 0 && size > _receiveBuffer.Length)
                _receiveBuffer = GC.AllocateUninitializedArray<byte>((int)Math.Max(size, _receiveBuffer.Length * 2));
            if (size >= 0)
            {
                fixed (byte* p = _receiveBuffer)
                    size = recv(_handle, p, _receiveBuffer.Length, flags);
                if (size >= 0)
                    return _receiveBuffer.AsSpan(0, (int)size);
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR)
                throw new LinuxException(errno, Where(operation));
        }
    }

    private void ThrowIfError(in NetlinkMessage message, string operation, int absentErrno)
    {
        var payload = message.Payload;
        if (payload.Length < 4)
            return;
        var error = BinaryPrimitives.ReadInt32LittleEndian(payload);
        if (error >= 0 || (absentErrno != 0 && -error == absentErrno))
            return;
        throw new LinuxException(-error, Where(operation), ExtendedAckMessage(message));
    }

    /// <summary>The NLMSGERR_ATTR_MSG text after the error code and the (possibly capped) echoed request.</summary>
    internal static string? ExtendedAckMessage(in NetlinkMessage message)
    {
        if ((message.Flags & NLM_F_ACK_TLVS) == 0)
            return null;
        var payload = message.Payload;
        var offset = 4;
        if (message.Type == NLMSG_ERROR)
        {
            if (payload.Length < 4 + NLMSG_HDRLEN)
                return null;
            var echoed = BinaryPrimitives.ReadUInt32LittleEndian(payload[4..]);
            if ((message.Flags & NLM_F_CAPPED) == 0 && echoed > (uint)payload.Length)
                return null;
            offset += (message.Flags & NLM_F_CAPPED) != 0 ? NLMSG_HDRLEN : Align((int)echoed);
        }

        if (offset >= payload.Length)
            return null;
        var attributes = new NetlinkReader(payload[offset..]);
        while (attributes.TryReadAttribute(out var type, out var value))
        {
            if (type == NLMSGERR_ATTR_MSG)
                return NetlinkReader.String(value);
        }

        return null;
    }

    internal string Where(string operation) => NamespacePath is null ? operation : $"{operation} in {NamespacePath}";
}
