using System.Diagnostics;

namespace Cni.Differential.Tests.Harness;

/// <summary>Runs a program and collects its output; the suite's only way to read kernel state (iproute2, tc, iptables, nft).</summary>
internal static class Shell
{
    public sealed record Output(int Exit, string Stdout, string Stderr);

    public static Output Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, string? stdin = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        if (env is not null)
        {
            info.Environment.Clear();
            foreach (var (k, v) in env)
            {
                info.Environment[k] = v;
            }
        }
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderrRead = p.StandardError.ReadToEndAsync();
        try
        {
            p.StandardInput.Write(stdin ?? "");
            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // It exited before reading stdin (a bad environment is refused first, as in Go); its output says why.
        }
        var stderr = stderrRead.Result;
        p.WaitForExit();
        return new Output(p.ExitCode, stdout.Result, stderr);
    }

    public static Output Run(string file, params string[] args) => Run(file, (IEnumerable<string>)args);

    public static string Ok(string file, params string[] args)
    {
        var o = Run(file, args);
        return o.Exit == 0 ? o.Stdout : throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({o.Exit}): {o.Stderr}");
    }
}
