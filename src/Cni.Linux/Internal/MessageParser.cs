using System.Diagnostics.CodeAnalysis;

namespace Cni.Linux.Internal;

/// <summary>Turns one reply message into a value, or declines it (wrong type, filtered out).</summary>
internal delegate bool MessageParser<T>(ushort type, ReadOnlySpan<byte> payload, [MaybeNullWhen(false)] out T value);
