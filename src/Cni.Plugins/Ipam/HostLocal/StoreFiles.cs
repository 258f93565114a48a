using System.Net;
using System.Text;

namespace Cni.Plugins.Ipam.HostLocal;

/// <summary>The file-level conventions of Go's disk store.</summary>
internal static class StoreFiles
{
    public const string LockFileName = "lock";
    public const string LastReservedPrefix = "last_reserved_ip.";
    public const string LineBreak = "\r\n";

    /// <summary>Longer content cannot be an owner string; such a file still holds its address.</summary>
    private const int MaxOwnerBytes = 64 * 1024;

    /// <summary>An owner that no query matches: the file could not be read as one.</summary>
    public const string Unreadable = "\0unreadable";

    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>What Go compares file contents with: <c>TrimSpace(id) + "\r\n" + ifname</c>.</summary>
    public static string OwnerKey(string containerId, string ifName) => containerId.Trim() + LineBreak + ifName;

    /// <summary>What files written before ifname was recorded hold: the bare container ID.</summary>
    public static string LegacyKey(string containerId) => containerId.Trim();

    /// <summary>The file content Go writes (no trailing newline).</summary>
    public static byte[] Content(string containerId, string ifName) => Encoding.UTF8.GetBytes(OwnerKey(containerId, ifName));

    /// <summary>A reservation's file name: Go's <c>ip.String()</c>.</summary>
    public static string NameOf(IPAddress ip) => IPText.Format(ip);

    /// <summary>The address a file name stands for, or null for <c>lock</c>, <c>last_reserved_ip.N</c> and the like.</summary>
    public static IPAddress? AddressOf(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiHexDigit(name[0]) || name[0] == ':'))
        {
            return null;
        }
        try
        {
            return IPText.Parse(name);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>A reservation file's owner as Go compares it: the content, whitespace trimmed.</summary>
    public static string ReadOwner(string path)
    {
        // The common case with plain system calls: a regular file, not a link, small. Anything else takes the BCL path.
        if (Cni.Linux.Files.TryReadAll(path, MaxOwnerBytes, noFollow: true, out var data))
        {
            return Encoding.UTF8.GetString(data).Trim();
        }
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.LinkTarget is not null || info.Length > MaxOwnerBytes)
            {
                return Unreadable;
            }
            return Encoding.UTF8.GetString(File.ReadAllBytes(path)).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Unreadable;
        }
    }

    /// <summary>Creates a file that must not exist yet, mode 0600, with <paramref name="content"/>.</summary>
    public static void WriteNew(string path, byte[] content)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException();
        }
        // Plain system calls first; on any failure the file this made is removed and the BCL path below runs (and
        // reports the failure with its exceptions).
        if (Cni.Linux.Files.TryWriteAll(path, content, Cni.Linux.Files.Create | Cni.Linux.Files.Exclusive, Private, cut: false, out bool created))
        {
            return;
        }
        if (created)
        {
            File.Delete(path);
        }
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Private, BufferSize = 0 };
        var f = new FileStream(path, options);
        try
        {
            using (f)
            {
                f.Write(content);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk (ENOSPC, often only at the flush): the file this call created must not stay half-written.
            try
            {
                File.Delete(path);
            }
            catch (Exception d) when (d is IOException or UnauthorizedAccessException)
            {
                // Reported through the write error below.
            }
            throw;
        }
    }

    /// <summary><c>mkdir -p</c> with mode 0755 (before umask), like Go's <c>os.MkdirAll(dir, 0o755)</c>.</summary>
    public static void CreateDirectory(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException();
        }
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                        UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
                                        UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    /// <summary>
    /// Overwrites <paramref name="path"/> in place (created 0600 when missing) and cuts it to the new length, as Go's
    /// <c>os.WriteFile</c> does but without truncating to zero first. No new inode, no rename over the old file: on
    /// ext4 a rename over an existing file (or a truncation to zero) starts a write-back of the data and frees the
    /// old blocks (a discard on this kind of mount), which made the two small files of every ADD cost more than the
    /// rest of host-local. Only for files read under the store lock and checked when read: a write cut short by a
    /// crash leaves at worst a stale address hint (<c>last_reserved_ip</c>) or an index its checksum rejects.
    /// </summary>
    public static void WriteInPlace(string path, byte[] content)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException();
        }
        if (Cni.Linux.Files.TryWriteAll(path, content, Cni.Linux.Files.Create, Private, cut: true, out _))
        {
            return;
        }
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = Private, BufferSize = 0 };
        using var f = new FileStream(path, options);
        f.Write(content);
        f.SetLength(content.Length);
    }
}
