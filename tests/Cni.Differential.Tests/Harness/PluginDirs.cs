using Xunit;

namespace Cni.Differential.Tests.Harness;

/// <summary>
/// Where each implementation's plugins live. Go: Debian's <c>containernetworking-plugins</c> (<c>/usr/lib/cni</c>,
/// or <c>CNI_GO_PLUGINS</c>). Ours: the published <c>cni</c> binary (<c>CNI_TEST_BINARY</c>, else
/// <c>artifacts/bin/cni</c>) laid out once per test run by <c>cni install DIR --with-test-plugins</c>.
/// </summary>
internal static class PluginDirs
{
    private static readonly Lazy<string> OursDir = new(InstallOurs);

    public static string Go => Environment.GetEnvironmentVariable("CNI_GO_PLUGINS") ?? "/usr/lib/cni";

    public static string Ours => OursDir.Value;

    public static string Of(Impl impl) => impl == Impl.Go ? Go : Ours;

    /// <summary>Fails (never skips) when we are not root or the Go plugin is not installed.</summary>
    public static void Require(string plugin)
    {
        if (Environment.UserName != "root")
        {
            Assert.Fail("the differential suite needs root (network namespaces, iptables); run it as root");
        }
        if (!File.Exists(Path.Combine(Go, plugin)))
        {
            Assert.Fail($"Go reference plugin '{plugin}' missing in {Go}: run scripts/install-deps.sh (Debian's containernetworking-plugins)");
        }
        if (!File.Exists(Path.Combine(Ours, plugin)))
        {
            Assert.Fail($"our binary has no plugin '{plugin}' (installed in {Ours})");
        }
    }

    /// <summary>The spec versions the Go build advertises (Debian 12 ships v1.1.1: up to 1.0.0).</summary>
    public static IReadOnlyList<string> GoVersions(string plugin)
    {
        var o = Shell.Run(Path.Combine(Go, plugin), [], new Dictionary<string, string> { ["CNI_COMMAND"] = "VERSION" }, "{}");
        using var doc = System.Text.Json.JsonDocument.Parse(o.Stdout);
        return [.. doc.RootElement.GetProperty("supportedVersions").EnumerateArray().Select(e => e.GetString()!)];
    }

    private static string InstallOurs()
    {
        var binary = Environment.GetEnvironmentVariable("CNI_TEST_BINARY") ?? Path.Combine(RepoRoot(), "artifacts", "bin", "cni");
        if (!File.Exists(binary))
        {
            throw new FileNotFoundException(
                $"the published cni binary is missing at {binary}: run scripts/build.sh (or dotnet publish src/Cni.Cli -c Release -o DIR and set CNI_TEST_BINARY=DIR/cni)");
        }
        var dir = Path.Combine(Path.GetTempPath(), "cnid-bin-" + Environment.ProcessId);
        Shell.Ok(binary, "install", dir, "--with-test-plugins");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(dir, recursive: true);
        return dir;
    }

    private static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Cni.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return dir ?? throw new InvalidOperationException("cannot find the repository root (Cni.sln)");
    }
}
