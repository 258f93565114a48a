using System.Text.Json;
using Cni.Plugin;

namespace Cni.Plugins.Meta.Repair;

/// <summary>
/// The opt-in <c>"repair": true</c> key (our addition, read by portmap, firewall and bridge's and ptp's ipMasq): CHECK re-applies
/// missing netfilter rules instead of failing, e.g. after an operator reloaded the firewall. <c>cnitool repair</c> sets it.
/// </summary>
internal static class RepairOption
{
    /// <summary>Whether the config's top-level <c>repair</c> (any case, like every key) is <c>true</c>.</summary>
    public static bool Requested(PluginRequest request)
    {
        try
        {
            using var doc = JsonDocument.Parse(request.Config.Bytes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (string.Equals(p.Name, "repair", StringComparison.OrdinalIgnoreCase))
                {
                    return p.Value.ValueKind == JsonValueKind.True;
                }
            }
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The line a plugin writes on stderr when it repaired something (<c>cnitool repair</c> collects these).</summary>
    public static void Report(string plugin, string what) => Console.Error.WriteLine($"{plugin}: repaired {what}");
}
