namespace Cni.Linux;

/// <summary>RFC 2863 operational state of a link (<c>IF_OPER_*</c> in linux/if.h).</summary>
public enum LinkOperState : byte
{
    /// <summary>The driver does not report a state (loopback, some virtual devices).</summary>
    Unknown = 0,

    /// <summary>The device is not present.</summary>
    NotPresent = 1,

    /// <summary>Down.</summary>
    Down = 2,

    /// <summary>Down because a lower device is down.</summary>
    LowerLayerDown = 3,

    /// <summary>In test mode.</summary>
    Testing = 4,

    /// <summary>Waiting for an external event.</summary>
    Dormant = 5,

    /// <summary>Up and able to pass packets.</summary>
    Up = 6,
}
