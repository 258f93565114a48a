namespace Cni;

/// <summary>The three result shapes of the spec.</summary>
public enum ResultFamily
{
    /// <summary>0.1.0 and 0.2.0: <c>ip4</c>/<c>ip6</c>.</summary>
    V020,
    /// <summary>0.3.0, 0.3.1 and 0.4.0: <c>interfaces</c>, <c>ips</c> with <c>version</c>.</summary>
    V040,
    /// <summary>1.0.0 and 1.1.0.</summary>
    V100,
}

/// <summary>Which family a version belongs to.</summary>
public static class ResultFamilies
{
    /// <summary>The versions each family parses, as Go lists them in its errors.</summary>
    public static IReadOnlyList<string> Versions(ResultFamily family) => family switch
    {
        ResultFamily.V020 => ["0.1.0", "0.2.0"],
        ResultFamily.V040 => ["0.3.0", "0.3.1", "0.4.0"],
        _ => ["1.0.0", "1.1.0"],
    };

    /// <summary>The family of a released version, or null for any other string ("" is 0.1.0).</summary>
    public static ResultFamily? Of(string version) => version switch
    {
        "" or "0.1.0" or "0.2.0" => ResultFamily.V020,
        "0.3.0" or "0.3.1" or "0.4.0" => ResultFamily.V040,
        "1.0.0" or "1.1.0" => ResultFamily.V100,
        _ => null,
    };

    /// <summary>The newest version of a family, assumed for results that carry none.</summary>
    public static string Newest(ResultFamily family) => Versions(family)[^1];
}
