namespace Cni.Runtime.Internal;

/// <summary>
/// Replaces a file atomically: write a temp file in the same directory, rename it over. Readers and a runtime killed
/// mid-write never see a torn entry. No fsync (Go's libcni has none either): it cost more than the rest of cnitool's own
/// ADD work, and ext4 (auto_da_alloc) flushes a file renamed over another before the rename commits.
/// </summary>
internal static class AtomicFile
{
    private const UnixFileMode DirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>; the directory is created (0700) when missing.</summary>
    /// <exception cref="IOException">The directory cannot be created or the file written.</exception>
    public static void Write(string path, byte[] bytes)
    {
        var dir = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dir);
        }
        else
        {
            Directory.CreateDirectory(dir, DirMode);
        }
        // A leading '.' keeps the temp file out of listings of entries (no network name starts with '.').
        var temp = Path.Join(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = FileMode;
            }
            using (var stream = new FileStream(temp, options))
            {
                stream.Write(bytes);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (GoErrors.IsFileError(e))
        {
            // Best effort: the original failure is what the caller needs to see.
        }
    }
}
