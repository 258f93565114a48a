namespace Cni.Linux;

/// <summary>Scope of an address or route (<c>RT_SCOPE_*</c> in linux/rtnetlink.h).</summary>
public enum RouteScope : byte
{
    /// <summary>Global (<c>RT_SCOPE_UNIVERSE</c>).</summary>
    Universe = 0,

    /// <summary>Site-local (<c>RT_SCOPE_SITE</c>).</summary>
    Site = 200,

    /// <summary>On-link (<c>RT_SCOPE_LINK</c>).</summary>
    Link = 253,

    /// <summary>This host only (<c>RT_SCOPE_HOST</c>).</summary>
    Host = 254,

    /// <summary>Nowhere (<c>RT_SCOPE_NOWHERE</c>).</summary>
    Nowhere = 255,
}
