namespace Cni.Linux.Internal;

/// <summary>A netlink socket descriptor.</summary>
internal sealed class NetlinkSocketHandle(int fd) : FileDescriptorHandle(fd);
