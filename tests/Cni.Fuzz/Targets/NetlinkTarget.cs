using Cni.Linux.Internal;

namespace Cni.Fuzz.Targets;

/// <summary>
/// The rtnetlink decoder fed whole datagrams, as <c>NetlinkSocket</c> receives them: every message is split out,
/// then decoded by every message-family reader (not only the one its type names, so that each reader sees every
/// shape) and by the extended-ack reader. The contract: <see cref="InvalidDataException"/> for malformed data.
/// </summary>
internal static class NetlinkTarget
{
    public static bool Allowed(Exception e) => e is InvalidDataException;

    public static void Run(byte[] input)
    {
        var reader = new NetlinkReader(input);
        while (reader.TryReadMessage(out var message))
        {
            _ = NetlinkSocket.ExtendedAckMessage(message);
            var payload = message.Payload;
            Try(payload, static p => NetlinkReader.ReadLink(p));
            Try(payload, static p => NetlinkReader.ReadAddress(p));
            Try(payload, static p => NetlinkReader.ReadRoute(p));
            Try(payload, static p => NetlinkReader.ReadRule(p));
            Try(payload, static p => NetlinkReader.ReadQdisc(p));
        }
    }

    private delegate object? Decoder(ReadOnlySpan<byte> payload);

    // One reader's documented failure must not hide what the others do with the same payload.
    private static void Try(ReadOnlySpan<byte> payload, Decoder decode)
    {
        try
        {
            _ = decode(payload);
        }
        catch (InvalidDataException)
        {
        }
    }
}
