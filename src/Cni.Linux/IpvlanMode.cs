namespace Cni.Linux;

/// <summary>Ipvlan modes (<c>IPVLAN_MODE_*</c>).</summary>
public enum IpvlanMode : ushort
{
    /// <summary>Layer 2.</summary>
    L2 = 0,

    /// <summary>Layer 3.</summary>
    L3 = 1,

    /// <summary>Layer 3 with netfilter (l3s).</summary>
    L3S = 2,
}
