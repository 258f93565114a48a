using System.Globalization;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>The daemon's flags, spelled and parsed as Go's <c>flag</c> package does (<c>-x v</c>, <c>-x=v</c>, <c>--x</c>).</summary>
internal sealed record DaemonOptions
{
    public string SocketPath { get; init; } = DhcpConfig.DefaultSocketPath;
    public string HostPrefix { get; init; } = "";
    public string PidFile { get; init; } = "";
    public bool Broadcast { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan ResendMax { get; init; } = TimeSpan.FromSeconds(62);
    public TimeSpan ResendTimeout { get; init; } = TimeSpan.FromSeconds(208);

    /// <summary>Where the daemon listens: the socket path under the host prefix.</summary>
    public string ListenPath => HostPrefix.Length == 0 ? SocketPath : Path.Join(HostPrefix, SocketPath);

    public const string Usage = """
        usage: dhcp daemon [flags]
          -socketpath PATH     listen here (default /run/cni/dhcp.sock)
          -hostprefix PATH     prefix for the socket path and every netns path (when running in a container)
          -pidfile PATH        write the PID here (absolute path)
          -broadcast           ask servers to broadcast their replies while the client has no address
          -timeout D           wait for a reply this long before retransmitting (default 10s)
          -resendmax D         longest delay between retransmissions (default 62s)
          -resendtimeout D     give up acquiring a lease after this long (default 3m28s)

        """;

    /// <exception cref="FormatException">An unknown flag or a bad value, with Go's wording.</exception>
    public static DaemonOptions Parse(IReadOnlyList<string> args)
    {
        var o = new DaemonOptions();
        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg is "-" or "--")
            {
                throw new FormatException($"unexpected argument \"{arg}\"");
            }
            var name = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..] : arg[1..];
            string? value = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                value = name[(eq + 1)..];
                name = name[..eq];
            }
            if (name == "broadcast")
            {
                o = o with { Broadcast = value is null || ParseBool(value) };
                continue;
            }
            if (name is not ("socketpath" or "hostprefix" or "pidfile" or "timeout" or "resendmax" or "resendtimeout"))
            {
                throw new FormatException($"flag provided but not defined: -{name}");
            }
            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"flag needs an argument: -{name}");
                }
                value = args[++i];
            }
            o = name switch
            {
                "socketpath" => o with { SocketPath = value },
                "hostprefix" => o with { HostPrefix = value },
                "pidfile" => o with { PidFile = value },
                "timeout" => o with { Timeout = ParseDuration(value, name) },
                "resendmax" => o with { ResendMax = ParseDuration(value, name) },
                _ => o with { ResendTimeout = ParseDuration(value, name) },
            };
        }
        return o;
    }

    private static bool ParseBool(string value) => value.ToLowerInvariant() switch
    {
        "1" or "t" or "true" => true,
        "0" or "f" or "false" => false,
        _ => throw new FormatException($"invalid boolean value \"{value}\" for -broadcast: parse error"),
    };

    /// <summary>Go's <c>time.ParseDuration</c> for what people write: <c>10s</c>, <c>1m30s</c>, <c>500ms</c>, <c>1.5h</c>.</summary>
    /// <exception cref="FormatException">Not a duration.</exception>
    public static TimeSpan ParseDuration(string text, string flag = "duration")
    {
        if (text == "0")
        {
            return TimeSpan.Zero;
        }
        var total = TimeSpan.Zero;
        int at = 0;
        while (at < text.Length)
        {
            int start = at;
            while (at < text.Length && (char.IsAsciiDigit(text[at]) || text[at] == '.'))
            {
                at++;
            }
            int unitStart = at;
            while (at < text.Length && (char.IsAsciiLetter(text[at]) || text[at] == 'µ'))
            {
                at++;
            }
            if (unitStart == start ||
                !double.TryParse(text.AsSpan(start, unitStart - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
            {
                throw new FormatException($"invalid value \"{text}\" for flag -{flag}: parse error");
            }
            total += text[unitStart..at] switch
            {
                "ns" => TimeSpan.FromTicks((long)(n / 100)),
                "us" or "µs" => TimeSpan.FromMicroseconds(n),
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => throw new FormatException($"invalid value \"{text}\" for flag -{flag}: parse error"),
            };
        }
        return total;
    }
}
