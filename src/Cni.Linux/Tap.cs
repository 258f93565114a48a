using System.Text;
using Cni.Linux.Internal;
using static Cni.Linux.Interop.Libc;

namespace Cni.Linux;

/// <summary>Persistent tap devices, made through <c>/dev/net/tun</c> (the kernel has no rtnetlink way to create them).</summary>
public static class Tap
{
    /// <summary>
    /// Creates a persistent tap named <paramref name="name"/> in <paramref name="ns"/> (the calling thread's
    /// namespace when null): TUNSETIFF (IFF_TAP | IFF_NO_PI, plus the options), TUNSETOWNER/GROUP, TUNSETPERSIST.
    /// Delete it with <see cref="LinkOps.Delete"/>.
    /// </summary>
    public static void Create(string name, TapOptions? options = null, NetNs? ns = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (Encoding.UTF8.GetByteCount(name) >= IFNAMSIZ)
            throw new ArgumentException($"interface name \"{name}\" is longer than {IFNAMSIZ - 1} bytes", nameof(name));
        options ??= new TapOptions();
        if (ns is null)
            CreateHere(name, options, "");
        else
            ns.RunOnCallingThread(() => CreateHere(name, options, $" in {ns.Path}")); // open + ioctls: no thread needed
    }

    private static unsafe void CreateHere(string name, TapOptions options, string where)
    {
        var operation = $"creating tap {name}{where}";
        int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC, 0);
        if (fd < 0)
            throw LinuxException.FromLastError(operation);
        using var tun = new FileHandle(fd);

        byte* ifreq = stackalloc byte[IFREQ_LEN];
        new Span<byte>(ifreq, IFREQ_LEN).Clear();
        Encoding.UTF8.GetBytes(name, new Span<byte>(ifreq, IFNAMSIZ - 1));
        var flags = (short)(IFF_TAP | IFF_NO_PI | (options.MultiQueue ? IFF_MULTI_QUEUE : 0) | (options.VnetHdr ? IFF_VNET_HDR : 0));
        *(short*)(ifreq + IFNAMSIZ) = flags;
        if (ioctl(tun, TUNSETIFF, ifreq) != 0)
            throw LinuxException.FromLastError(operation);
        if (options.Owner is { } owner && ioctl_value(tun, TUNSETOWNER, owner) != 0)
            throw LinuxException.FromLastError($"{operation}: setting owner {owner}");
        if (options.Group is { } group && ioctl_value(tun, TUNSETGROUP, group) != 0)
            throw LinuxException.FromLastError($"{operation}: setting group {group}");
        if (ioctl_value(tun, TUNSETPERSIST, 1) != 0)
            throw LinuxException.FromLastError($"{operation}: making it persistent");
    }
}
