using System.Diagnostics;
using System.Text.Json;

namespace Cni.Plugins.Tests.Harness;

/// <summary>Independent readers of kernel state (iproute2), used by tests only — never by src/.</summary>
internal static class Shell
{
    public static (int Exit, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }

    public static string Ok(string file, params string[] args)
    {
        var (exit, stdout, stderr) = Run(file, args);
        return exit == 0 ? stdout : throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({exit}): {stderr}");
    }

    /// <summary><c>ip -j</c> output inside a namespace, parsed.</summary>
    public static JsonElement IpJson(string netns, params string[] args)
    {
        var all = new List<string> { "-j", "-n", netns };
        all.AddRange(args);
        using var doc = JsonDocument.Parse(Ok("ip", [.. all]));
        return doc.RootElement.Clone();
    }
}
