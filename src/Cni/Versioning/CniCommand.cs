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
