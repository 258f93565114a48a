namespace Cni;

/// <summary>The verbs of the protocol (<c>CNI_COMMAND</c>).</summary>
public enum CniCommand
{
    /// <summary>Attach.</summary>
    Add,
    /// <summary>Detach.</summary>
    Del,
    /// <summary>Verify an attachment (≥ 0.4.0).</summary>
    Check,
    /// <summary>Collect stale resources (≥ 1.1.0).</summary>
    Gc,
    /// <summary>Readiness (≥ 1.1.0).</summary>
    Status,
    /// <summary>Supported versions.</summary>
    Version,
}

/// <summary>Names of <see cref="CniCommand"/> as they travel in <c>CNI_COMMAND</c>.</summary>
public static class CniCommandNames
{
    /// <summary>"ADD", "DEL", ...: a switch, because <c>Enum.ToString</c> reads metadata by reflection (≈ 1 % of an ADD).</summary>
    public static string WireName(this CniCommand verb) => verb switch
    {
        CniCommand.Add => "ADD",
        CniCommand.Del => "DEL",
        CniCommand.Check => "CHECK",
        CniCommand.Gc => "GC",
        CniCommand.Status => "STATUS",
        CniCommand.Version => "VERSION",
        _ => throw new ArgumentOutOfRangeException(nameof(verb), verb, "not a CNI verb"),
    };
}
