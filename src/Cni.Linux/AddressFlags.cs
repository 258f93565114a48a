namespace Cni.Linux;

/// <summary>Interface address flags (<c>IFA_F_*</c> in linux/if_addr.h).</summary>
[Flags]
public enum AddressFlags : uint
{
    /// <summary>No flags.</summary>
    None = 0,

    /// <summary>A secondary address (<c>IFA_F_SECONDARY</c>).</summary>
    Secondary = 0x01,

    /// <summary>Skip duplicate address detection (<c>IFA_F_NODAD</c>).</summary>
    NoDad = 0x02,

    /// <summary>Optimistic DAD (<c>IFA_F_OPTIMISTIC</c>).</summary>
    Optimistic = 0x04,

    /// <summary>Duplicate address detection failed (<c>IFA_F_DADFAILED</c>).</summary>
    DadFailed = 0x08,

    /// <summary>A Mobile IPv6 home address (<c>IFA_F_HOMEADDRESS</c>).</summary>
    HomeAddress = 0x10,

    /// <summary>The preferred lifetime has expired (<c>IFA_F_DEPRECATED</c>).</summary>
    Deprecated = 0x20,

    /// <summary>Duplicate address detection is still running (<c>IFA_F_TENTATIVE</c>).</summary>
    Tentative = 0x40,

    /// <summary>A statically configured address (<c>IFA_F_PERMANENT</c>).</summary>
    Permanent = 0x80,

    /// <summary>Manage temporary addresses from this prefix (<c>IFA_F_MANAGETEMPADDR</c>).</summary>
    ManageTempAddr = 0x100,

    /// <summary>Do not add a prefix route for the address (<c>IFA_F_NOPREFIXROUTE</c>).</summary>
    NoPrefixRoute = 0x200,

    /// <summary>Join the multicast group automatically (<c>IFA_F_MCAUTOJOIN</c>).</summary>
    McAutoJoin = 0x400,

    /// <summary>A stable-privacy address (<c>IFA_F_STABLE_PRIVACY</c>).</summary>
    StablePrivacy = 0x800,
}
