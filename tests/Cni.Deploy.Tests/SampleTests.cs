using Cni;

namespace Cni.Deploy.Tests;

/// <summary>
/// The code docs/runtime-library.md and docs/writing-a-plugin.md show: samples/MiniRuntime drives the
/// samples/HelloPlugin executable through the real protocol (exec, env, stdin/stdout, result cache).
/// The hello plugin touches no kernel state, so no root and no namespace are needed.
/// </summary>
public sealed class SampleTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private static string HelloDir
    {
        get
        {
            var dir = Path.Combine(Repo.Root, "samples", "HelloPlugin", "bin", Configuration, "net10.0");
            Assert.True(File.Exists(Path.Combine(dir, "hello")), $"the hello sample plugin is not built in {dir}");
            return dir;
        }
    }

    [Fact]
    public async Task MiniRuntime_runs_the_whole_lifecycle_against_the_hello_plugin()
    {
        var root = Directory.CreateTempSubdirectory("cni-deploy-sample-").FullName;
        try
        {
            var confDir = Directory.CreateDirectory(Path.Combine(root, "net.d")).FullName;
            var cacheDir = Path.Combine(root, "cache");
            await File.WriteAllTextAsync(Path.Combine(confDir, "10-hello.conflist"), """
                { "cniVersion": "1.1.0", "name": "hellonet",
                  "plugins": [ { "type": "hello", "ipam": { "address": "198.18.42.2/24", "gateway": "198.18.42.1" } } ] }
                """);
            var log = new StringWriter();
            await MiniRuntime.Lifecycle.RunAsync(confDir, "hellonet", "ctr-sample", "/var/run/netns/cni-sample-unused",
                [HelloDir], cacheDir, log, TestContext.Current.CancellationToken);
            var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal("""ADD result: {"cniVersion":"1.1.0","ips":[{"address":"198.18.42.2/24","gateway":"198.18.42.1"}]}""", lines[1]);
            Assert.Equal("""cached result: {"cniVersion":"1.1.0","ips":[{"address":"198.18.42.2/24","gateway":"198.18.42.1"}]}""", lines[2]);
            Assert.Equal("cached attachment: hellonet ctr-sample eth0", lines[3]);
            Assert.Equal(["CHECK ok", "STATUS ok", "DEL ok", "GC ok, 0 cached attachments left"], lines[4..]);
            Assert.Empty(Directory.GetFiles(Path.Combine(cacheDir, "results")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task The_hello_plugin_error_reaches_the_runtime_with_its_code()
    {
        var root = Directory.CreateTempSubdirectory("cni-deploy-sample-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root, "10-bad.conflist"), """
                { "cniVersion": "1.1.0", "name": "badnet", "plugins": [ { "type": "hello", "ipam": { "gateway": "198.18.42.1" } } ] }
                """);
            var e = await Assert.ThrowsAnyAsync<CniException>(() => MiniRuntime.Lifecycle.RunAsync(root, "badnet", "ctr-bad",
                "/var/run/netns/cni-sample-unused", [HelloDir], Path.Combine(root, "cache"), TextWriter.Null, TestContext.Current.CancellationToken));
            Assert.Equal(CniErrorCode.InvalidNetworkConfig, e.Code);
            Assert.Equal("plugin type=\"hello\" failed (add): hello: ipam.address is required", e.Msg);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
