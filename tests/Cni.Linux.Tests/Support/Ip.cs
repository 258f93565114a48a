using System.Diagnostics;
using System.Text.Json;

namespace Cni.Linux.Tests.Support;

/// <summary>The independent reader: iproute2 with JSON output, run in the test only.</summary>
internal static class Ip
{
    public static JsonElement Json(string netns, params string[] args) => RunJson("ip", ["-j", "-d", "-n", netns, .. args]);

    public static string Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        return output;
    }

    public static JsonElement RunJson(string tool, params string[] args)
    {
        var output = Run(tool, args);
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(output) ? "[]" : output);
        return document.RootElement.Clone();
    }

    /// <summary>The <c>ip -j link show</c> entry of <paramref name="ifname"/>.</summary>
    public static JsonElement Link(string netns, string ifname) => Json(netns, "link", "show", "dev", ifname)[0];

    /// <summary>The addresses of <paramref name="ifname"/> as "addr/prefix" strings.</summary>
    public static List<string> Addresses(string netns, string ifname)
    {
        var result = new List<string>();
        foreach (var info in Json(netns, "addr", "show", "dev", ifname)[0].GetProperty("addr_info").EnumerateArray())
            result.Add($"{info.GetProperty("local").GetString()}/{info.GetProperty("prefixlen").GetInt32()}");
        return result;
    }
}
