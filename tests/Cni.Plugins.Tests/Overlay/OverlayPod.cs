using System.Net;
using System.Text;
using Cni.Plugins.Tests.Harness;

namespace Cni.Plugins.Tests.Overlay;

/// <summary>A pod the flannel plugin attached on <see cref="Node"/>: its namespace, container id and ADD result.</summary>
internal sealed record OverlayPod(OverlayNode Node, TestNetns Ns, string ContainerId, string AddStdout)
{
    public Result Result { get; } = ResultConverters.ToCurrent(CniResults.Parse(Encoding.UTF8.GetBytes(AddStdout)));

    public IPAddress Ip => Result.Ips.Single().Address.Address;

    public override string ToString() => $"{ContainerId} ({Ip} on node {Node.Index})";

    /// <summary>One DF ping of <paramref name="payload"/> bytes from this pod to <paramref name="to"/>, an address the test assigned.</summary>
    public (int Exit, string Output) Ping(IPAddress to, int payload)
    {
        var (exit, stdout, stderr) = Shell.Run("ip", "netns", "exec", Ns.Name, "ping", "-n", "-c", "1", "-W", "3", "-M", "do", "-s", $"{payload}", to.ToString());
        return (exit, stdout + stderr);
    }
}
