using System.Diagnostics;
using Cni.Runtime;

namespace Cni.Deploy.Tests;

/// <summary>
/// The DaemonSet's init script, as kubectl parsed it, run with /bin/sh against a fake node: its host paths and
/// the image's binary path are moved under a temporary directory, and the binary is the published one
/// (<c>CNI_TEST_BINARY</c>, else artifacts/bin/cni). What the node gets is then checked file by file.
/// </summary>
public sealed class InitScriptTests
{
    private static string Binary
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("CNI_TEST_BINARY") ?? Path.Combine(Repo.Root, "artifacts", "bin", "cni");
            Assert.True(File.Exists(path), $"the published cni binary is missing at {path}: run scripts/build.sh");
            return path;
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_init_script_installs_plugins_and_a_conflist(bool withConfigMap)
    {
        var ds = await ManifestTests.ParsedAsync(Repo.Deploy("cni-dotnet-daemonset.yaml"));
        var command = Assert.Single(ds["spec"]!["template"]!["spec"]!["initContainers"]!.AsArray())!["command"]!.AsArray();
        Assert.Equal("/bin/sh", (string?)command[0]);
        var script = (string)command[2]!;

        var root = Directory.CreateTempSubdirectory("cni-deploy-node-").FullName;
        try
        {
            var bin = Directory.CreateDirectory(Path.Combine(root, "host/opt/cni/bin")).FullName;
            var netd = Directory.CreateDirectory(Path.Combine(root, "host/etc/cni/net.d")).FullName;
            var config = Directory.CreateDirectory(Path.Combine(root, "config")).FullName;
            var conflist = await File.ReadAllTextAsync(Repo.Deploy("10-cni-dotnet.conflist"));
            if (withConfigMap)
            {
                await File.WriteAllTextAsync(Path.Combine(config, "10-cni-dotnet.conflist"), conflist);
            }
            // A node that already has Go's plugins from a distribution package: --force must replace them.
            await File.WriteAllTextAsync(Path.Combine(bin, "bridge"), "#!/bin/sh\necho go bridge\n");
            var local = script
                .Replace("/usr/local/bin/cni", Binary, StringComparison.Ordinal)
                .Replace("/host/", root + "/host/", StringComparison.Ordinal)
                .Replace("/etc/cni-dotnet/", config + "/", StringComparison.Ordinal);
            Assert.DoesNotContain(" /host/", local);

            for (var run = 0; run < 2; run++)
            {
                // The second run is a pod restart: it must succeed over its own earlier install.
                var (code, output) = await RunAsync("/bin/sh", "-ec", local);
                Assert.True(code == 0, $"init script failed (run {run + 1}, exit {code}): {output}");
            }

            var installed = Path.Combine(bin, "cni");
            Assert.Equal(await File.ReadAllBytesAsync(Binary), await File.ReadAllBytesAsync(installed));
            Assert.False(File.Exists(Path.Combine(bin, ".cni.new")));
            var inode = await InodeAsync(installed);
            foreach (var name in new[] { "bridge", "host-local", "portmap", "bandwidth", "flannel", "cnitool" })
            {
                Assert.Equal(inode, await InodeAsync(Path.Combine(bin, name)));
            }
            var (vcode, version) = await RunAsync(Path.Combine(bin, "bridge"), env: ("CNI_COMMAND", "VERSION"));
            Assert.Equal(0, vcode);
            Assert.Contains("\"supportedVersions\"", version);

            var lists = ConfigFiles.LoadAll(netd);
            var list = Assert.Single(lists);
            if (withConfigMap)
            {
                Assert.Equal(conflist, await File.ReadAllTextAsync(Path.Combine(netd, "10-cni-dotnet.conflist")));
                Assert.Equal("cni-dotnet", list.Name);
            }
            else
            {
                Assert.True(File.Exists(Path.Combine(netd, "10-cni-bridge.conflist")), "no default conflist written");
                Assert.Equal("bridge", list.Plugins[0].Network.Type);
            }
            Assert.Empty(Directory.GetFiles(netd, ".*"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<string> InodeAsync(string path)
    {
        var (code, output) = await RunAsync("stat", "-c", "%d:%i", path);
        Assert.Equal(0, code);
        return output.Trim();
    }

    private static Task<(int, string)> RunAsync(string file, params string[] args) => RunAsync(file, args, null);

    private static Task<(int, string)> RunAsync(string file, (string, string) env) => RunAsync(file, [], env);

    private static async Task<(int, string)> RunAsync(string file, string[] args, (string Key, string Value)? env)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is { } e) psi.Environment[e.Key] = e.Value;
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout + await stderr);
    }
}
