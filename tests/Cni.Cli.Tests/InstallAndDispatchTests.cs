using System.Diagnostics;
using Xunit;

namespace Cni.Cli.Tests;

/// <summary>The published binary: installed under every plugin name by each link mode, each name answers as its plugin.</summary>
public sealed class InstallAndDispatchTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "cni-install-test-" + Guid.NewGuid().ToString("N")[..8]);

    private static string Binary
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("CNI_TEST_BINARY") ?? Path.Combine(RepoRoot(), "artifacts", "bin", "cni");
            return File.Exists(path) ? path : throw new FileNotFoundException("publish src/Cni.Cli to artifacts/bin first (./scripts/build.sh)", path);
        }
    }

    [Theory]
    [InlineData("hard")]
    [InlineData("sym")]
    [InlineData("copy")]
    public void Every_installed_name_answers_version_as_its_plugin(string mode)
    {
        var (exit, _, stderr) = Run(Binary, ["install", _dir, "--link=" + mode], null);
        Assert.True(exit == 0, stderr);
        var names = Directory.GetFiles(_dir).Select(Path.GetFileName).Order().ToList();
        Assert.Contains("loopback", names);
        Assert.Contains("bridge", names);
        Assert.Contains("cnitool", names);
        Assert.DoesNotContain("noop", names);
        foreach (var name in names.Where(n => n != "cnitool"))
        {
            var path = Path.Combine(_dir, name!);
            if (mode == "sym")
            {
                Assert.NotNull(new FileInfo(path).LinkTarget);
            }
            var (code, stdout, err) = Run(path, [], "CNI_COMMAND=VERSION");
            Assert.True(code == 0, $"{name}: {err}");
            Assert.StartsWith("{\"cniVersion\":\"1.1.0\",\"supportedVersions\":[", stdout, StringComparison.Ordinal);
            var (_, _, about) = Run(path, [], null);
            Assert.StartsWith($"CNI {name} plugin v", about, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Test_plugins_are_installed_only_when_asked()
    {
        Assert.Equal(0, Run(Binary, ["install", _dir, "--with-test-plugins"], null).Exit);
        Assert.True(File.Exists(Path.Combine(_dir, "noop")));
    }

    [Fact]
    public void Reinstalling_replaces_entries_in_place()
    {
        Assert.Equal(0, Run(Binary, ["install", _dir, "--link=copy"], null).Exit);
        Assert.Equal(0, Run(Binary, ["install", _dir, "--link=sym"], null).Exit);
        Assert.NotNull(new FileInfo(Path.Combine(_dir, "loopback")).LinkTarget);
        Assert.Empty(Directory.GetFiles(_dir, "*.cni-new*"));
    }

    [Fact]
    public void Plain_cni_lists_plugins_and_runs_one_by_name()
    {
        var (exit, stdout, _) = Run(Binary, [], null);
        Assert.Equal(0, exit);
        Assert.Contains("loopback", stdout, StringComparison.Ordinal);
        var (code, version, _) = Run(Binary, ["loopback"], "CNI_COMMAND=VERSION");
        Assert.Equal(0, code);
        Assert.StartsWith("{\"cniVersion\"", version, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-plugin")]
    [InlineData("install")]
    public void Bad_commands_fail_with_usage(string arg)
    {
        var (exit, _, stderr) = Run(Binary, [arg], null);
        Assert.Equal(2, exit);
        Assert.False(string.IsNullOrWhiteSpace(stderr));
    }

    private static (int Exit, string Stdout, string Stderr) Run(string file, string[] args, string? env)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment.Remove("CNI_COMMAND");
        if (env is not null)
        {
            var kv = env.Split('=', 2);
            info.Environment[kv[0]] = kv[1];
        }
        using var p = Process.Start(info)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }

    private static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Cni.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        return dir ?? throw new InvalidOperationException("cannot find Cni.sln");
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
