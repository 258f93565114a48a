namespace Cni.Linux;

/// <summary>
/// The namespace path does not exist (<c>ENOENT</c> from <c>statfs</c>). Plugins treat only this
/// failure as "namespace already gone" on DEL.
/// </summary>
public sealed class NetNsNotFoundException : LinuxException
{
    /// <summary>Creates the exception for <paramref name="path"/>; the message matches the Go reference.</summary>
    public NetNsNotFoundException(string path)
        : base(Interop.Libc.ENOENT, $"opening network namespace {path}", $"failed to Statfs \"{path}\": no such file or directory", null)
    {
        Path = path;
    }

    /// <summary>The path that does not exist.</summary>
    public string Path { get; }
}
