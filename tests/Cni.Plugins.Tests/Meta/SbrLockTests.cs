using System.Diagnostics;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Meta;

/// <summary>sbr serialises calls on one namespace like Go: an exclusive flock on the netns file.</summary>
[Trait("Category", "Integration")]
public sealed class SbrLockTests : IDisposable
{
    private readonly TestNetns _host = new("sbrlk");

    [Fact]
    public async Task Add_waits_while_another_holder_has_the_netns_locked()
    {
        Root.Require();
        using var a = new BridgeAttachment("sbrlk", hostNs: _host.Name);
        var conf = MetaTestSupport.WithPrev($"{{\"cniVersion\":\"1.0.0\",\"name\":\"{a.Network}\",\"type\":\"sbr\"}}", a.ResultJson);
        // util-linux flock(1) holds the same lock Go's sbr takes, until we kill it.
        using var holder = Process.Start(new ProcessStartInfo("flock", ["-o", "-x", a.Ns.Path, "sleep", "60"]) { RedirectStandardError = true })!;
        Process? add = null;
        try
        {
            for (int i = 0; i < 50 && Shell.Run("flock", "-n", "-x", a.Ns.Path, "true").Exit == 0; i++)
            {
                Thread.Sleep(50);
            }
            Assert.NotEqual(0, Shell.Run("flock", "-n", "-x", a.Ns.Path, "true").Exit);

            var info = new ProcessStartInfo("ip") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "netns", "exec", _host.Name, Path.Combine(CniBinary.Dir, "sbr") })
            {
                info.ArgumentList.Add(arg);
            }
            info.Environment.Clear();
            info.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
            foreach (var (k, v) in MetaTestSupport.Env("ADD", a.ContainerId, a.Ns.Path))
            {
                info.Environment[k] = v;
            }
            add = Process.Start(info)!;
            add.StandardInput.Write(conf);
            add.StandardInput.Close();
            var ct = TestContext.Current.CancellationToken;
            var stdout = add.StandardOutput.ReadToEndAsync(ct);
            var stderr = add.StandardError.ReadToEndAsync(ct);

            Assert.False(add.WaitForExit(1500), "ADD finished while the netns was locked");
            Assert.DoesNotContain("lookup 100", Shell.Ok("ip", "-n", a.Ns.Name, "rule"), StringComparison.Ordinal);

            holder.Kill(entireProcessTree: true);
            Assert.True(add.WaitForExit(30_000), "ADD did not finish after the lock was released");
            var output = await stdout + await stderr;
            Assert.True(add.ExitCode == 0, output);
            Assert.Contains($"from {a.ContainerIPv4} lookup 100", Shell.Ok("ip", "-n", a.Ns.Name, "rule"), StringComparison.Ordinal);
            // The netns file is still the namespace (no regular file was created over it).
            Assert.Equal(0, Shell.Run("ip", "netns", "exec", a.Ns.Name, "true").Exit);
        }
        finally
        {
            if (!holder.HasExited)
            {
                holder.Kill(entireProcessTree: true);
            }
            if (add is { HasExited: false })
            {
                add.Kill();
            }
            add?.Dispose();
        }
    }

    public void Dispose() => _host.Dispose();
}
