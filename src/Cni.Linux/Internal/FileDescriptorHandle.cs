using System.Runtime.InteropServices;

namespace Cni.Linux.Internal;

/// <summary>An owned file descriptor, closed exactly once.</summary>
internal abstract class FileDescriptorHandle : SafeHandle
{
    protected FileDescriptorHandle(int fd)
        : base(new IntPtr(-1), ownsHandle: true)
    {
        SetHandle(new IntPtr(fd));
    }

    public override bool IsInvalid => handle == new IntPtr(-1);

    /// <summary>The raw descriptor, for attributes such as <c>IFLA_NET_NS_FD</c>; valid only while the handle is alive.</summary>
    public int Fd => (int)handle;

    protected override bool ReleaseHandle() => Interop.Libc.close((int)handle) == 0;
}
