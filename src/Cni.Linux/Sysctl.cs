namespace Cni.Linux;

/// <summary>
/// Reads and writes <c>/proc/sys</c> entries. <c>net.*</c> entries belong to the network namespace of the
/// calling thread: call these inside <see cref="NetNs.Run(Action)"/> for another namespace.
/// </summary>
public static class Sysctl
{
    /// <summary>Reads an entry, e.g. <c>net.ipv4.ip_forward</c> or <c>net/ipv6/conf/eth0.100/accept_ra</c>; trimmed.</summary>
    /// <param name="name">Dotted (dots become slashes) or, when it contains a slash, a path under /proc/sys.</param>
    public static string Get(string name)
    {
        var path = PathOf(name);
        // Plain system calls; the BCL (and its exceptions) only when they fail.
        return (Files.TryReadAllText(path, out var text) ? text : File.ReadAllText(path)).Trim();
    }

    /// <summary>Writes an entry (see <see cref="Get"/> for the name forms).</summary>
    public static void Set(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var path = PathOf(name);
        // Plain open/write/close (what Go does); the BCL (and its exceptions) only when they fail.
        if (!Files.TryWriteAll(path, System.Text.Encoding.UTF8.GetBytes(value), Files.Create | Files.Truncate,
                (UnixFileMode)0b110_110_110, cut: false, out _))
        {
            File.WriteAllText(path, value);
        }
    }

    /// <summary>Enables IPv4 forwarding (<c>net.ipv4.ip_forward</c>), writing only when it is not already 1.</summary>
    public static void EnableIPv4Forwarding() => EnsureOne("net/ipv4/ip_forward");

    /// <summary>Enables IPv6 forwarding (<c>net.ipv6.conf.all.forwarding</c>), writing only when it is not already 1.</summary>
    public static void EnableIPv6Forwarding() => EnsureOne("net/ipv6/conf/all/forwarding");

    private static void EnsureOne(string name)
    {
        if (Get(name) != "1")
            Set(name, "1");
    }

    internal static string PathOf(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var relative = name.Contains('/', StringComparison.Ordinal) ? name.TrimStart('/') : name.Replace('.', '/');
        if (relative.Split('/').Any(part => part is "" or "." or ".."))
            throw new ArgumentException($"invalid sysctl name \"{name}\"", nameof(name));
        return "/proc/sys/" + relative;
    }
}
