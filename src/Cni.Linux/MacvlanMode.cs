namespace Cni.Linux;

/// <summary>Macvlan modes (<c>MACVLAN_MODE_*</c>).</summary>
public enum MacvlanMode : uint
{
    /// <summary>No traffic between macvlans on the same parent.</summary>
    Private = 1,

    /// <summary>Traffic between macvlans goes through the external switch.</summary>
    Vepa = 2,

    /// <summary>Macvlans on the same parent talk directly.</summary>
    Bridge = 4,

    /// <summary>One macvlan takes over the parent.</summary>
    Passthru = 8,

    /// <summary>Accept only frames from listed source MACs.</summary>
    Source = 16,
}
