using System.Text;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Main;

/// <summary>
/// When the IPAM plugin in CNI_PATH is this same binary, it runs in-process (no exec); a different file is exec'd.
/// Observed with strace, and the result must be the same either way.
/// </summary>
[Trait("Category", "Integration")]
public sealed class InProcessDelegationTests : IDisposable
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..6];
    private readonly string _data = Path.Combine(Path.GetTempPath(), "cni-inproc-" + Guid.NewGuid().ToString("N")[..6]);
    private readonly string _copyDir = Path.Combine(Path.GetTempPath(), "cni-inproc-bin-" + Guid.NewGuid().ToString("N")[..6]);

    private string Conf =>
        "{\"cniVersion\":\"1.1.0\",\"name\":\"inproc-" + _id + "\",\"type\":\"bridge\",\"bridge\":\"cnii" + _id +
        "\",\"ipam\":{\"type\":\"host-local\",\"dataDir\":\"" + _data + "\",\"ranges\":[[{\"subnet\":\"198.19.201.0/24\"}]]}}";

    private (CniBinary.Outcome Outcome, bool ExecedHostLocal) AddTraced(string pluginDir, TestNetns ns, string cid)
    {
        var trace = Path.Combine(Path.GetTempPath(), $"cni-inproc-trace-{_id}-{cid}");
        var env = CniBinary.Env("ADD", containerId: cid, netns: ns.Path);
        env["CNI_PATH"] = pluginDir;
        var outcome = CniBinary.ExecWrapped(["strace", "-f", "-e", "trace=execve", "-o", trace, Path.Combine(pluginDir, "bridge")], env, Conf);
        var execed = File.ReadAllText(trace).Contains("host-local\"", StringComparison.Ordinal);
        File.Delete(trace);
        return (outcome, execed);
    }

    [Fact]
    public void Our_own_host_local_runs_in_process_and_a_foreign_one_is_execed()
    {
        Root.Require();
        using var a = new TestNetns("inpa");
        var (same, execedSame) = AddTraced(CniBinary.Dir, a, "ca" + _id);
        same.Ok();
        Assert.False(execedSame, "host-local was exec'd although it is the same binary as bridge");

        // A copy is another file: it must be exec'd, with the same outcome.
        Directory.CreateDirectory(_copyDir);
        File.Copy(Path.Combine(CniBinary.Dir, "bridge"), Path.Combine(_copyDir, "bridge"));
        File.Copy(Path.Combine(CniBinary.Dir, "bridge"), Path.Combine(_copyDir, "host-local"));
        using var b = new TestNetns("inpb");
        var (other, execedOther) = AddTraced(_copyDir, b, "cb" + _id);
        other.Ok();
        Assert.True(execedOther, "a host-local that is a different file must be exec'd");

        var ra = (Result)CniResults.Parse(Encoding.UTF8.GetBytes(same.Stdout));
        var rb = (Result)CniResults.Parse(Encoding.UTF8.GetBytes(other.Stdout));
        Assert.Equal("198.19.201.2/24", ra.Ips[0].Address.ToString());
        Assert.Equal("198.19.201.3/24", rb.Ips[0].Address.ToString());

        foreach (var (ns, cid) in new[] { (a, "ca" + _id), (b, "cb" + _id) })
        {
            var env = CniBinary.Env("DEL", containerId: cid, netns: ns.Path);
            CniBinary.Exec("bridge", env, Conf).Ok();
        }
    }

    public void Dispose()
    {
        Shell.Run("ip", "link", "delete", "cnii" + _id);
        foreach (var dir in new[] { _data, _copyDir })
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
