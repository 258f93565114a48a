namespace Cni.Fuzz.Engine;

/// <summary>An input that broke the contract: an undocumented exception, a broken invariant, or a hang.</summary>
internal sealed record FuzzFinding(string Target, string Kind, byte[] Input, string What)
{
    public override string ToString() =>
        $"{Target}: {Kind}: {What}\n  input ({Input.Length} bytes, hex): {Convert.ToHexString(Input.AsSpan(0, Math.Min(Input.Length, 4096)))}";
}
