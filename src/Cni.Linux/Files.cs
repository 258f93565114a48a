using System.Runtime.InteropServices;
using static Cni.Linux.Interop.Libc;

namespace Cni.Linux;

/// <summary>File operations the BCL lacks.</summary>
public static class Files
{
    /// <summary>Whether two paths name the same file (device and inode, symlinks followed).</summary>
    public static bool SameFile(string a, string b)
    {
        try
        {
            return NetNsIdentity.Same(a, b);
        }
        catch (LinuxException)
        {
            return false;
        }
    }

    /// <summary>Makes <paramref name="link"/> a hard link to <paramref name="source"/>; false when they are on different file systems.</summary>
    /// <exception cref="LinuxException">Any other failure.</exception>
    public static bool HardLink(string source, string link)
    {
        if (Interop.Libc.link(source, link) == 0)
        {
            return true;
        }
        int errno = Marshal.GetLastPInvokeError();
        return errno == EXDEV ? false : throw new LinuxException(errno, $"linking {link} to {source}");
    }
}
