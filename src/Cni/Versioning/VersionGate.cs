namespace Cni;

/// <summary>The plugin-side version rules of Go's skeleton: which config versions a verb accepts.</summary>
public static class VersionGate
{
    /// <summary>The lowest config version that carries the verb.</summary>
    public static string MinimumFor(CniCommand verb) => verb switch
    {
        CniCommand.Check => "0.4.0",
        CniCommand.Gc or CniCommand.Status => "1.1.0",
        _ => "0.1.0",
    };

    /// <summary>Fails unless a plugin supporting <paramref name="supported"/> may run <paramref name="verb"/> on a config of <paramref name="configVersion"/>.</summary>
    /// <exception cref="CniException">Code 1 for incompatible versions, code 6 for versions that do not parse.</exception>
    public static void Check(CniCommand verb, string configVersion, IReadOnlyList<string> supported)
    {
        if (verb is CniCommand.Add or CniCommand.Del)
        {
            RequireExact(configVersion, supported);
            return;
        }
        var name = verb.WireName();
        if (!Compare(configVersion, MinimumFor(verb)))
        {
            throw new CniException(CniErrorCode.IncompatibleCniVersion, $"config version does not allow {name}");
        }
        if (!supported.Any(v => Compare(v, configVersion)))
        {
            throw new CniException(CniErrorCode.IncompatibleCniVersion, $"plugin version does not allow {name}");
        }
        RequireExact(configVersion, supported);
    }

    private static void RequireExact(string configVersion, IReadOnlyList<string> supported)
    {
        if (!supported.Contains(configVersion))
        {
            throw new CniException(CniErrorCode.IncompatibleCniVersion, "incompatible CNI versions",
                $"config is \"{configVersion}\", plugin supports {SpecVersions.GoQuoted(supported)}");
        }
    }

    private static bool Compare(string a, string b)
    {
        try
        {
            return SpecVersion.GreaterThanOrEqual(a, b);
        }
        catch (FormatException e)
        {
            throw new CniException(CniErrorCode.DecodingFailure, e.Message);
        }
    }
}
