namespace Cni.Plugins.Ipam.HostLocal;

internal sealed partial class HostLocalStore
{
    /// <summary>
    /// GC: reads every reservation file (not the index: GC must see exactly what is on disk) and removes those whose
    /// owner is not in <paramref name="keep"/>; also removes temporary files a crashed run left behind.
    /// </summary>
    /// <returns>One message per file that could not be removed.</returns>
    public List<string> ReleaseAllExcept(IReadOnlySet<string> keep)
    {
        var errors = new List<string>();
        var entries = Scan();
        _dirty = true;
        foreach (var (name, owner) in entries.ToList())
        {
            if (keep.Contains(owner))
            {
                continue;
            }
            try
            {
                File.Delete(Path.Combine(Dir, name));
                entries.Remove(name);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"failed to release {name}: {e.Message}");
            }
        }
        if (Directory.Exists(WorkDir))
        {
            foreach (var leftover in Directory.EnumerateFiles(WorkDir, "*.tmp.*"))
            {
                File.Delete(leftover);
            }
        }
        return errors;
    }
}
