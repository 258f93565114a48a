namespace Cni.Linux.Internal;

/// <summary>An <c>AF_PACKET</c> socket descriptor.</summary>
internal sealed class PacketSocketHandle(int fd) : FileDescriptorHandle(fd);
