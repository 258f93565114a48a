using System.Net;

namespace Cni.Cli;

/// <summary>The command line of <c>cni install</c>, parsed.</summary>
internal sealed class InstallOptions
{
    public string Dir { get; private set; } = "";
    public string Link { get; private set; } = "hard";
    public bool WithTestPlugins { get; private set; }
    public bool Force { get; private set; }
    public bool DryRun { get; private set; }
    public bool Help { get; private set; }
    public string? Conf { get; private set; }
    public string ConfDir { get; private set; } = "/etc/cni/net.d";
    public List<IPNetwork> Subnets { get; } = [];

    /// <summary>The options, or the reason the command line is wrong.</summary>
    public static (InstallOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var o = new InstallOptions();
        string? dir = null;
        bool confDirGiven = false;
        for (int i = 0; i < args.Count; i++)
        {
            var (name, inline) = Split(args[i]);
            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }
                return ++i < args.Count ? args[i] : throw new FormatException($"{name} needs a value");
            }
            try
            {
                switch (name)
                {
                    case "-h" or "--help": o.Help = true; break;
                    case "--link": o.Link = Value(); break;
                    case "--with-test-plugins": o.WithTestPlugins = true; break;
                    case "--force" or "-f": o.Force = true; break;
                    case "--dry-run" or "-n": o.DryRun = true; break;
                    case "--conf": o.Conf = Value(); break;
                    case "--conf-dir": o.ConfDir = Value(); confDirGiven = true; break;
                    case "--subnet":
                        // IPNetwork.TryParse masks host bits (10.88.0.7/16 → 10.88.0.0/16); a typo should fail instead.
                        var text = Value();
                        o.Subnets.Add(IPNetwork.TryParse(text, out var net) && net.BaseAddress.Equals(IPAddress.Parse(text.AsSpan(0, text.IndexOf('/', StringComparison.Ordinal))))
                            ? net
                            : throw new FormatException($"--subnet \"{text}\" is not a network in CIDR form (e.g. 10.88.0.0/16)"));
                        break;
                    default:
                        if (dir is null && !name.StartsWith('-') && inline is null)
                        {
                            dir = name;
                            break;
                        }
                        return (null, $"unexpected argument \"{args[i]}\"");
                }
            }
            catch (FormatException e)
            {
                return (null, e.Message);
            }
        }
        if (o.Help)
        {
            return (o, null);
        }
        if (dir is null)
        {
            return (null, "missing DIR");
        }
        o.Dir = dir;
        if (o.Link is not ("hard" or "sym" or "copy"))
        {
            return (null, $"--link must be hard, sym or copy, not \"{o.Link}\"");
        }
        if (o.Conf is null && (confDirGiven || o.Subnets.Count > 0))
        {
            return (null, "--conf-dir and --subnet go with --conf NAME");
        }
        if (o.Conf is not null && !DefaultConflist.Names.Contains(o.Conf))
        {
            return (null, $"--conf must be one of {string.Join(", ", DefaultConflist.Names)}, not \"{o.Conf}\"");
        }
        return (o, null);
    }

    // "--name=value" → ("--name", "value"); anything else → (arg, null).
    private static (string Name, string? Inline) Split(string arg)
    {
        int eq = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && eq > 2 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
    }
}
