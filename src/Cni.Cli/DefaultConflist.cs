using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Cni.Linux;

namespace Cni.Cli;

/// <summary>
/// The network configs <c>cni install --conf NAME</c> writes: a bridge or ptp network with host-local addresses and
/// port mapping, in a file named the way flannel's and Calico's installers name theirs (<c>10-cni-bridge.conflist</c>).
/// </summary>
internal static class DefaultConflist
{
    public static readonly string[] Names = ["bridge", "ptp"];

    // Podman's and containerd's examples start at 10.88.0.0/16; the first of these the host does not use is chosen.
    private static readonly IPNetwork[] Candidates = [.. Enumerable.Range(88, 12).Select(n => IPNetwork.Parse($"10.{n}.0.0/16"))];

    public static string FileName(string name) => $"10-cni-{name}.conflist";

    public static string NetworkName(string name) => "cni-" + name;

    /// <summary>The config text. Without <paramref name="subnets"/>, those of <paramref name="existing"/> (so a rerun is a no-op), else the first free candidate.</summary>
    public static byte[] Render(string name, IReadOnlyList<IPNetwork> subnets, byte[]? existing)
    {
        if (subnets.Count == 0)
        {
            subnets = SubnetsOf(existing) is { Count: > 0 } kept ? kept : [ChooseFree()];
        }
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("cniVersion", SpecVersions.Current);
            w.WriteString("name", NetworkName(name));
            w.WriteStartArray("plugins");
            w.WriteStartObject();
            w.WriteString("type", name);
            if (name == "bridge")
            {
                w.WriteString("bridge", "cni-bridge0");
                w.WriteBoolean("isGateway", true);
                w.WriteBoolean("hairpinMode", true);
            }
            w.WriteBoolean("ipMasq", true);
            WriteIpam(w, subnets);
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("type", "portmap");
            w.WriteStartObject("capabilities");
            w.WriteBoolean("portMappings", true);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    private static void WriteIpam(Utf8JsonWriter w, IReadOnlyList<IPNetwork> subnets)
    {
        w.WriteStartObject("ipam");
        w.WriteString("type", "host-local");
        w.WriteStartArray("ranges");
        foreach (var s in subnets)
        {
            w.WriteStartArray();
            w.WriteStartObject();
            w.WriteString("subnet", s.ToString());
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteStartArray("routes");
        foreach (var family in subnets.Select(s => s.BaseAddress.AddressFamily).Distinct())
        {
            w.WriteStartObject();
            w.WriteString("dst", family == AddressFamily.InterNetwork ? "0.0.0.0/0" : "::/0");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static List<IPNetwork> SubnetsOf(byte[]? existing)
    {
        var found = new List<IPNetwork>();
        if (existing is null)
        {
            return found;
        }
        try
        {
            using var doc = JsonDocument.Parse(existing);
            foreach (var plugin in doc.RootElement.GetProperty("plugins").EnumerateArray())
            {
                if (plugin.TryGetProperty("ipam", out var ipam) && ipam.TryGetProperty("ranges", out var ranges))
                {
                    found.AddRange(ranges.EnumerateArray().SelectMany(set => set.EnumerateArray())
                        .Select(r => IPNetwork.Parse(r.GetProperty("subnet").GetString()!)));
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
        {
            found.Clear();
        }
        return found;
    }

    // Skips networks overlapping any IPv4 address or (non-default) route of this namespace; the first candidate
    // when the kernel cannot be asked.
    private static IPNetwork ChooseFree()
    {
        var used = new List<IPNetwork>();
        try
        {
            using var rtnl = Rtnl.Open();
            used.AddRange(rtnl.Routes.List(AddressFamily.InterNetwork).Select(r => r.Destination).Where(d => d.PrefixLength > 0));
            used.AddRange(rtnl.Addresses.List(family: AddressFamily.InterNetwork).Select(a => new IPNetwork(a.Address, 32)));
        }
        catch (LinuxException)
        {
            return Candidates[0];
        }
        return Candidates.FirstOrDefault(c => !used.Any(u => Overlap(c, u)), Candidates[0]);
    }

    private static bool Overlap(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);
}
