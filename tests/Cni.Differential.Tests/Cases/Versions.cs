using Xunit;

namespace Cni.Differential.Tests.Cases;

/// <summary>The spec versions both implementations accept (Debian's Go build stops at 1.0.0), as theory data.</summary>
public static class Versions
{
    public static readonly TheoryData<string> All = new("0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0");

    /// <summary>From 0.3.0 (bandwidth's floor).</summary>
    public static readonly TheoryData<string> From030 = new("0.3.0", "0.3.1", "0.4.0", "1.0.0");

    public static bool HasCheck(string version) => string.CompareOrdinal(version, "0.4.0") >= 0;
}
