namespace Cni.Fuzz.Engine;

/// <summary>A property that must hold for every input that parses (a round trip, a conversion) did not.</summary>
internal sealed class InvariantException(string message) : Exception(message);
