using System.Globalization;

namespace Cni.Differential.Tests.Harness;

/// <summary>Every file under a world's directory: relative path, mode and content (control characters escaped).</summary>
internal static class DiskState
{
    public static IEnumerable<string> Read(string dir)
    {
        if (!Directory.Exists(dir))
        {
            yield break;
        }
        foreach (var path in Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(dir, path);
            var mode = Convert.ToString((int)File.GetUnixFileMode(path), 8).PadLeft(4, '0');
            if (Directory.Exists(path))
            {
                yield return $"{rel}/ mode={mode}";
                continue;
            }
            var content = File.ReadAllText(path).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            yield return string.Create(CultureInfo.InvariantCulture, $"{rel} mode={mode} content={content}");
        }
    }
}
