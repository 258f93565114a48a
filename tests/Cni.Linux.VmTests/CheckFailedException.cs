namespace Cni.Linux.VmTests;

/// <summary>A check saw the wrong state; the message says what and is printed as is.</summary>
internal sealed class CheckFailedException(string message) : Exception(message)
{
    /// <summary>For link types Cni.Linux cannot create yet: never a fake PASS.</summary>
    public static CheckFailedException NotImplemented(string detail) => new($"not implemented in Cni.Linux ({detail})");
}
