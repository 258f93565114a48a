namespace Cni.Linux.Internal;

/// <summary>A descriptor of a network namespace file (nsfs), as <c>setns(2)</c> and <c>IFLA_NET_NS_FD</c> take it.</summary>
internal sealed class NetNsHandle(int fd) : FileDescriptorHandle(fd);
