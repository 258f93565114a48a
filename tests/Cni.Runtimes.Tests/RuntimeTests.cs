namespace Cni.Runtimes.Tests;

/// <summary>podman 4.3 (CNI backend, Go libcni) driving our plugins: tests/runtimes/podman.sh, one test per check.</summary>
[Trait("Category", "Runtimes")]
public sealed class PodmanTests(PodmanSuite suite) : IClassFixture<PodmanSuite>
{
    public static TheoryData<string> Checks => RuntimeSuite.DeclaredChecks("podman.sh");

    [Theory]
    [MemberData(nameof(Checks))]
    public void Check(string name) => suite.AssertPassed(name);

    [Fact]
    public void Reports_only_declared_checks() => RuntimeTestsCommon.OnlyDeclared(suite, RuntimeSuite.ListChecks(suite.Script));
}

/// <summary>containerd 1.6 `ctr run --cni` (go-cni) driving our plugins: tests/runtimes/containerd.sh.</summary>
[Trait("Category", "Runtimes")]
public sealed class ContainerdTests(ContainerdSuite suite) : IClassFixture<ContainerdSuite>
{
    public static TheoryData<string> Checks => RuntimeSuite.DeclaredChecks("containerd.sh");

    [Theory]
    [MemberData(nameof(Checks))]
    public void Check(string name) => suite.AssertPassed(name);

    [Fact]
    public void Reports_only_declared_checks() => RuntimeTestsCommon.OnlyDeclared(suite, RuntimeSuite.ListChecks(suite.Script));
}

/// <summary>
/// containerd 1.6's CRI plugin (the kubelet's path, go-cni) driven by the suite's own CRI client
/// (tests/CriClient), running our plugins: tests/runtimes/cri.sh.
/// </summary>
[Trait("Category", "Runtimes")]
public sealed class CriTests(CriSuite suite) : IClassFixture<CriSuite>
{
    public static TheoryData<string> Checks => RuntimeSuite.DeclaredChecks("cri.sh");

    [Theory]
    [MemberData(nameof(Checks))]
    public void Check(string name) => suite.AssertPassed(name);

    [Fact]
    public void Reports_only_declared_checks() => RuntimeTestsCommon.OnlyDeclared(suite, RuntimeSuite.ListChecks(suite.Script));
}

internal static class RuntimeTestsCommon
{
    public static void OnlyDeclared(RuntimeSuite suite, string[] declared)
    {
        var names = declared.ToHashSet(StringComparer.Ordinal);
        var unknown = suite.Results.Keys.Where(k => !names.Contains(k)).ToList();
        Assert.True(unknown.Count == 0, $"{suite.Script} reported checks it does not declare: {string.Join(", ", unknown)}");
        Assert.True(suite.Exit is 0 or 1, $"{suite.Script} ended with exit {suite.Exit} (crashed or timed out)");
    }
}
