using System.Text;
using Xunit;

namespace Cni.Differential.Tests.Harness;

/// <summary>
/// Runs one scenario in two fresh worlds, Go's and ours, at the same time, then compares the two traces line by line
/// (results, errors, kernel state, files). Only the stated differences may remain; the worlds are removed whatever
/// happens.
/// </summary>
internal static class SideBySide
{
    public static void Run(string caseName, string plugin, Action<World> scenario, IReadOnlyList<Known>? known = null,
                           IReadOnlySet<string>? keptMacs = null, string[]? alsoNeeds = null)
    {
        PluginDirs.Require(plugin);
        foreach (var p in alsoNeeds ?? [])
        {
            PluginDirs.Require(p);
        }
        var hex = Guid.NewGuid().ToString("N")[..6];
        var macs = keptMacs ?? new HashSet<string>();
        var go = Task.Run(() => Play(Impl.Go, caseName, hex, macs, scenario));
        var ours = Task.Run(() => Play(Impl.Ours, caseName, hex, macs, scenario));
        Task.WaitAll(go, ours);
        Compare(caseName, go.Result, ours.Result, known ?? []);
    }

    private static List<string> Play(Impl impl, string caseName, string hex, IReadOnlySet<string> keptMacs, Action<World> scenario)
    {
        using var world = new World(impl, caseName, hex, keptMacs);
        try
        {
            scenario(world);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{impl} world of '{caseName}' failed: {e.Message}\ntrace so far:\n{string.Join('\n', world.Trace.TakeLast(40))}", e);
        }
        return world.Trace;
    }

    public static void Compare(string caseName, List<string> go, List<string> ours, IReadOnlyList<Known> known)
    {
        var goOnly = MultisetMinus(go, ours);
        var oursOnly = MultisetMinus(ours, go);
        var unobserved = new List<Known>();
        foreach (var k in known.Concat(Known.Everywhere))
        {
            int g = goOnly.RemoveAll(k.MatchesGo), o = oursOnly.RemoveAll(k.MatchesOurs);
            if (!k.Optional && ((k.Go is not null && g == 0) || (k.Ours is not null && o == 0)))
            {
                unobserved.Add(k);
            }
        }
        if (goOnly.Count == 0 && oursOnly.Count == 0 && unobserved.Count == 0)
        {
            return;
        }
        var dump = Path.Combine(Path.GetTempPath(), "cnid-traces");
        Directory.CreateDirectory(dump);
        File.WriteAllLines(Path.Combine(dump, caseName + ".go.txt"), go);
        File.WriteAllLines(Path.Combine(dump, caseName + ".ours.txt"), ours);
        var msg = new StringBuilder($"'{caseName}': Go and ours differ (full traces in {dump}/{caseName}.{{go,ours}}.txt)\n");
        foreach (var l in goOnly.Take(60))
        {
            msg.Append("- go:   ").AppendLine(l);
        }
        foreach (var l in oursOnly.Take(60))
        {
            msg.Append("+ ours: ").AppendLine(l);
        }
        foreach (var k in unobserved)
        {
            msg.Append("stated difference not observed (remove it?): ").AppendLine(k.Why);
        }
        Assert.Fail(msg.ToString());
    }

    private static List<string> MultisetMinus(List<string> a, List<string> b)
    {
        var counts = b.GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        var rest = new List<string>();
        foreach (var x in a)
        {
            if (counts.TryGetValue(x, out var n) && n > 0)
            {
                counts[x] = n - 1;
            }
            else
            {
                rest.Add(x);
            }
        }
        return rest;
    }
}
