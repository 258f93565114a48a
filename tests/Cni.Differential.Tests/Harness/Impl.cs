namespace Cni.Differential.Tests.Harness;

/// <summary>Which implementation a world runs: Debian's Go reference plugins or our multi-call binary.</summary>
public enum Impl
{
    Go,
    Ours,
}
