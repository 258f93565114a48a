using System.Diagnostics;
using Cni.Runtime;

namespace Cni.Reliability.Tests.Support;

/// <summary>Runs each plugin binary inside the test's "host" namespace (<c>ip netns exec</c>), otherwise as libcni does.</summary>
internal sealed class HostNsExecutor(string hostNs) : IPluginExecutor
{
    private readonly PluginExecutor _default = new(null);

    public string FindInPath(string plugin, IReadOnlyList<string> paths) => _default.FindInPath(plugin, paths);

    public async Task<byte[]> ExecPluginAsync(string pluginPath, ReadOnlyMemory<byte> stdin,
        IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "netns", "exec", hostNs, pluginPath })
        {
            info.ArgumentList.Add(a);
        }
        info.Environment.Clear();
        foreach (var (k, v) in environment)
        {
            info.Environment[k] = v;
        }
        if (!info.Environment.ContainsKey("PATH"))
        {
            info.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        }
        using var p = Process.Start(info)!;
        var stdout = new MemoryStream();
        var copy = p.StandardOutput.BaseStream.CopyToAsync(stdout, cancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
        await p.StandardInput.BaseStream.WriteAsync(stdin, cancellationToken);
        p.StandardInput.Close();
        await copy;
        var err = await stderr;
        await p.WaitForExitAsync(cancellationToken);
        if (p.ExitCode != 0)
        {
            throw CniError.Parse(stdout.ToArray())
                ?? new CniException(999, $"{Path.GetFileName(pluginPath)} failed with exit {p.ExitCode} and no error object: {err}");
        }
        return stdout.ToArray();
    }
}
