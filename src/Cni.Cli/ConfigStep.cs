using System.Net;

namespace Cni.Cli;

/// <summary>The default network config file: written to a temporary file beside it and renamed over it.</summary>
internal static class ConfigStep
{
    private const UnixFileMode Mode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static InstallStep Plan(string path, string name, IReadOnlyList<IPNetwork> subnets)
    {
        var existing = File.Exists(path) ? File.ReadAllBytes(path) : null;
        var text = DefaultConflist.Render(name, subnets, existing);
        var action = existing is null ? InstallAction.Create
            : existing.AsSpan().SequenceEqual(text) ? InstallAction.Unchanged
            : InstallAction.Replace;
        // Only an identical file is ours: a config someone edited is theirs until --force.
        return new InstallStep(path, action, Ours: false, () => Write(path, text));
    }

    private static void Write(string path, byte[] text)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("cni install writes configs on Linux only");
        }
        // The temporary name has no .conf/.conflist/.json suffix, so a runtime scanning the directory never loads it.
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "." + Path.GetFileName(path) + ".cni-new");
        try
        {
            using (var stream = new FileStream(temp, new FileStreamOptions
                   {
                       Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = Mode0644,
                   }))
            {
                stream.Write(text);
                stream.Flush(flushToDisk: true);
            }
            File.SetUnixFileMode(temp, Mode0644); // the umask may have taken bits off
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
