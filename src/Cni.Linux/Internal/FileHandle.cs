namespace Cni.Linux.Internal;

/// <summary>Any other owned descriptor (e.g. a <c>/dev/net/tun</c> file).</summary>
internal sealed class FileHandle(int fd) : FileDescriptorHandle(fd);
