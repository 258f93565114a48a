namespace Cni.Tool.Internal;

/// <summary>The command line: positional arguments and the flags every command shares.</summary>
internal sealed class Options
{
    public List<string> Positional { get; } = [];
    public string? IfName { get; private set; }
    public string? CacheDir { get; private set; }
    public string? Config { get; private set; }
    public bool Json { get; private set; }
    public bool Timings { get; private set; }
    public bool DryRun { get; private set; }
    public bool Help { get; private set; }
    public TimeSpan? Timeout { get; private set; }

    /// <summary>How many positional arguments came before <c>--</c>; null without <c>--</c>.</summary>
    public int? DashDashAt { get; private set; }
    public string? DataDir { get; private set; }

    /// <exception cref="UsageException">An unknown flag or a flag without its value.</exception>
    public static Options Parse(IEnumerable<string> args)
    {
        var o = new Options();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var arg = e.Current;
            string Value() => e.MoveNext() ? e.Current : throw new UsageException($"flag needs an argument: {arg}");
            switch (arg)
            {
                case "-i" or "--ifname": o.IfName = Value(); break;
                case "--cache-dir": o.CacheDir = Value(); break;
                case "--config": o.Config = Value(); break;
                case "--timeout": o.Timeout = ParseSeconds(Value()); break;
                case "--json": o.Json = true; break;
                case "--timings": o.Timings = true; break;
                case "--dry-run": o.DryRun = true; break;
                case "-h" or "--help": o.Help = true; break;
                case "--data-dir": o.DataDir = Value(); break;
                case "--":
                    o.DashDashAt = o.Positional.Count;
                    while (e.MoveNext())
                    {
                        o.Positional.Add(e.Current);
                    }
                    break;
                default:
                    if (arg.StartsWith('-') && arg.Length > 1)
                    {
                        throw new UsageException($"unknown flag: {arg}");
                    }
                    o.Positional.Add(arg);
                    break;
            }
        }
        return o;
    }

    private static TimeSpan ParseSeconds(string text) =>
        double.TryParse(text.TrimEnd('s'), System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : throw new UsageException($"invalid timeout: {text} (seconds)");
}

/// <summary>The command line is wrong; the message says how.</summary>
internal sealed class UsageException(string message) : Exception(message);
