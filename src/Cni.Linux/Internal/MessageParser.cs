namespace Cni.Linux.Internal;

/// <summary>Turns one reply message into a value, or returns null to skip it (other type, filtered out).</summary>
internal delegate T? MessageParser<T>(ushort type, ReadOnlySpan<byte> payload)
    where T : class;
