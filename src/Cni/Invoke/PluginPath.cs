namespace Cni;

/// <summary>Finds a plugin binary in search directories, like Go's <c>invoke.FindInPath</c>.</summary>
public static class PluginPath
{
    /// <summary>Splits a <c>CNI_PATH</c> value (<c>:</c>-separated; "" is no directory).</summary>
    public static IReadOnlyList<string> Split(string? cniPath) =>
        string.IsNullOrEmpty(cniPath) ? [] : cniPath.Split(Path.PathSeparator);

    /// <summary>The first <c>dir/name</c> that is a regular file (symlinks followed).</summary>
    /// <exception cref="CniException">Code 7 for a name with a path in it (CVE-2021-20206) or a plugin not found.</exception>
    public static string Find(string? name, IReadOnlyList<string> dirs)
    {
        Validation.PluginType(name);
        if (dirs.Count == 0)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "no paths provided");
        }
        foreach (var dir in dirs)
        {
            var candidate = Path.Join(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new CniException(CniErrorCode.InvalidNetworkConfig,
            $"failed to find plugin \"{name}\" in path [{string.Join(' ', dirs)}]");
    }
}
