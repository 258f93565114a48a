namespace Cni.Runtime.Internal;

/// <summary>File errors worded like Go's <c>*PathError</c>, so messages match what operators know from Go runtimes.</summary>
internal static class GoErrors
{
    public static string Open(string path, Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => $"open {path}: no such file or directory",
        UnauthorizedAccessException when Directory.Exists(path) => $"read {path}: is a directory",
        UnauthorizedAccessException => $"open {path}: permission denied",
        _ when Directory.Exists(path) => $"read {path}: is a directory",
        _ => $"open {path}: {e.Message}",
    };

    /// <summary>Whether <paramref name="e"/> is a file system failure worth reporting instead of crashing.</summary>
    public static bool IsFileError(Exception e) => e is IOException or UnauthorizedAccessException;
}
