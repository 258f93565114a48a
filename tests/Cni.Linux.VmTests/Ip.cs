using System.Diagnostics;
using System.Text.Json;

namespace Cni.Linux.VmTests;

/// <summary>The independent reader: iproute2's JSON output (<c>ip -j -d</c>, <c>bridge -j</c>), parsed with JsonDocument.</summary>
internal static class Ip
{
    /// <summary>The <c>ip -j -d link show</c> object of <paramref name="ifname"/> in namespace <paramref name="netns"/>.</summary>
    public static JsonElement Link(string netns, string ifname) =>
        FindLink(netns, ifname) ?? throw new CheckFailedException($"ip -n {netns} link does not show {ifname}");

    /// <summary>The link named <paramref name="ifname"/>, or null when ip does not list it.</summary>
    public static JsonElement? FindLink(string netns, string ifname)
    {
        foreach (var link in Json("ip", "-j", "-d", "-n", netns, "link", "show").EnumerateArray())
        {
            if (link.GetProperty("ifname").GetString() == ifname)
                return link;
        }

        return null;
    }

    /// <summary>The VLANs of a bridge port as "vid:flag,flag" strings, e.g. <c>10:PVID,Egress Untagged</c>.</summary>
    public static List<string> BridgeVlans(string netns, string ifname)
    {
        var result = new List<string>();
        foreach (var port in Json("bridge", "-j", "-n", netns, "vlan", "show", "dev", ifname).EnumerateArray())
        {
            foreach (var vlan in port.GetProperty("vlans").EnumerateArray())
            {
                var flags = vlan.TryGetProperty("flags", out var f) ? f.EnumerateArray().Select(x => x.GetString()) : [];
                result.Add($"{vlan.GetProperty("vlan").GetInt32()}:{string.Join(',', flags)}");
            }
        }

        return result;
    }

    private static JsonElement Json(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new CheckFailedException($"{tool} {string.Join(' ', args)} failed ({process.ExitCode}): {error.Result.Trim()}");
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(output) ? "[]" : output);
        return document.RootElement.Clone();
    }
}
