using System.Globalization;

namespace Cni.Linux;

/// <summary>The path exists but is not a network namespace (neither an nsfs nor a procfs file).</summary>
public sealed class NotNetNsException : LinuxException
{
    /// <summary>Creates the exception; the message matches the Go reference (<c>unknown FS magic on "p": 1234</c>).</summary>
    public NotNetNsException(string path, long fsMagic)
        : base(Interop.Libc.EINVAL, $"opening network namespace {path}",
            $"unknown FS magic on \"{path}\": {fsMagic.ToString("x", CultureInfo.InvariantCulture)}", null)
    {
        Path = path;
        FsMagic = fsMagic;
    }

    /// <summary>A namespace file of another kind (mount, pid, ...), or a file that is no namespace at all.</summary>
    public NotNetNsException(string path, string why)
        : base(Interop.Libc.EINVAL, $"opening network namespace {path}", why, null)
    {
        Path = path;
    }

    /// <summary>The path that is not a network namespace.</summary>
    public string Path { get; }

    /// <summary>The <c>f_type</c> that <c>statfs</c> reported for the path.</summary>
    public long FsMagic { get; }
}
