using Cni.Linux;

namespace Cni.Plugins.Common;

/// <summary>sysctl writes the plugins make, in the calling thread's namespace; "Try" variants ignore failures like Go does.</summary>
internal static class Sysctls
{
    public static void TrySet(string key, string value)
    {
        try
        {
            Sysctl.Set(key, value);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LinuxException)
        {
            // Go ignores these (e.g. IPv6 disabled on the host); nothing depends on them.
        }
    }

    /// <summary>Turns on forwarding for each family that has an address, writing only when it is off.</summary>
    public static void EnableForwarding(bool v4, bool v6)
    {
        if (v4 && Sysctl.Get("net/ipv4/ip_forward").Trim() != "1") Sysctl.Set("net/ipv4/ip_forward", "1");
        if (v6 && Sysctl.Get("net/ipv6/conf/all/forwarding").Trim() != "1") Sysctl.Set("net/ipv6/conf/all/forwarding", "1");
    }
}
