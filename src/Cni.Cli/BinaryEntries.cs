using System.Text;
using Cni.Linux;

namespace Cni.Cli;

/// <summary>
/// Plans and places the plugin-name entries: each one a hard link, symbolic link or copy of this binary, made
/// under a temporary name beside the target and renamed over it (rename is atomic, so a concurrent exec sees the
/// whole old file or the whole new one, and the old inode lives on for processes already running it).
/// </summary>
internal sealed class BinaryEntries(string self, string link)
{
    // Every cni build lists its plugins under this heading (NativeAOT keeps string literals as UTF-16): how an
    // entry left by an earlier build is told from a foreign plugin of the same name.
    private static readonly byte[] BuildMarker = Encoding.Unicode.GetBytes("CNI plugins in one binary");

    private readonly string _self = Path.GetFullPath(self);
    private readonly List<string> _knownBuilds = [];
    private byte[]? _selfBytes;

    private byte[] SelfBytes => _selfBytes ??= File.ReadAllBytes(_self);

    public InstallStep Plan(string target)
    {
        var info = new FileInfo(target);
        bool isLink = info.LinkTarget is not null;
        if (!isLink && !info.Exists)
        {
            return new InstallStep(target, Directory.Exists(target) ? InstallAction.Replace : InstallAction.Create, Ours: !Directory.Exists(target), () => Place(target));
        }
        var action = UpToDate(target, info, isLink) ? InstallAction.Unchanged : InstallAction.Replace;
        return new InstallStep(target, action, action == InstallAction.Unchanged || Ours(target, isLink), () => Place(target));
    }

    private bool UpToDate(string target, FileInfo info, bool isLink) => link switch
    {
        "sym" => isLink && info.LinkTarget == _self,
        "hard" when CanHardLink(target) => !isLink && Files.SameFile(target, _self),
        _ => !isLink && !Files.SameFile(target, _self) && SameContent(target),
    };

    private bool Ours(string target, bool isLink)
    {
        if (Files.SameFile(target, _self))
        {
            return true;
        }
        var file = isLink ? new FileInfo(target).ResolveLinkTarget(returnFinalTarget: true)?.FullName : target;
        if (file is null || !File.Exists(file))
        {
            // A dangling symbolic link is nobody's plugin.
            return isLink;
        }
        if (_knownBuilds.Any(b => Files.SameFile(b, file)) || SameContent(file) || IsCniBuild(file))
        {
            _knownBuilds.Add(file);
            return true;
        }
        return false;
    }

    private bool CanHardLink(string target) => Files.SameDevice(Path.GetDirectoryName(Path.GetFullPath(target))!, _self);

    private bool SameContent(string file) => new FileInfo(file).Length == SelfBytes.Length && File.ReadAllBytes(file).AsSpan().SequenceEqual(SelfBytes);

    private static bool IsCniBuild(string file)
    {
        const int Chunk = 1 << 20;
        using var stream = File.OpenRead(file);
        var buffer = new byte[Chunk + BuildMarker.Length];
        int carried = 0;
        int read;
        while ((read = stream.Read(buffer, carried, Chunk)) > 0)
        {
            int filled = carried + read;
            if (buffer.AsSpan(0, filled).IndexOf(BuildMarker) >= 0)
            {
                return true;
            }
            // Keep the tail so a marker split across two reads is still found.
            carried = Math.Min(BuildMarker.Length - 1, filled);
            buffer.AsSpan(filled - carried, carried).CopyTo(buffer);
        }
        return false;
    }

    private void Place(string target)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(target))!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(target)}.cni-new-{Environment.ProcessId}");
        try
        {
            File.Delete(temp);
            switch (link)
            {
                case "sym":
                    File.CreateSymbolicLink(temp, _self);
                    break;
                case "hard" when Files.HardLink(_self, temp):
                    break;
                default:
                    File.Copy(_self, temp);
                    break;
            }
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
