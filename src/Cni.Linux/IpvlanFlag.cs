namespace Cni.Linux;

/// <summary>Ipvlan port flags (<c>IPVLAN_F_*</c>): exactly one applies.</summary>
public enum IpvlanFlag : ushort
{
    /// <summary>Slaves talk to each other (the default).</summary>
    Bridge = 0,

    /// <summary>Slaves do not talk to each other (<c>IPVLAN_F_PRIVATE</c>).</summary>
    Private = 1,

    /// <summary>Traffic between slaves goes out through the parent (<c>IPVLAN_F_VEPA</c>).</summary>
    Vepa = 2,
}
