using System.Text.Json;

namespace Cni.Plugins.Meta.Tuning;

/// <summary><c>&lt;dataDir&gt;/&lt;cid&gt;_&lt;ifname&gt;.json</c>, written and read exactly as the Go plugin does, so either can restore the other's.</summary>
internal static class TuningBackupStore
{
    public static string PathOf(string dataDir, string containerId, string ifName) => Path.Combine(dataDir, $"{containerId}_{ifName}.json");

    public static void Write(string dataDir, string containerId, string ifName, TuningBackup backup)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }
        if (!Directory.Exists(dataDir))
        {
            // 0600 like Go's MkdirAll(dataDir, 0600): only root (which ignores the missing x bit) uses it.
            Directory.CreateDirectory(dataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var path = PathOf(dataDir, containerId, ifName);
        var temp = path + ".tmp";
        var bytes = JsonSerializer.SerializeToUtf8Bytes(backup, TuningJsonContext.Default.TuningBackup);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using (var f = new FileStream(temp, options))
        {
            f.Write(bytes);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The backup, or null when there is none or it does not parse (Go then restores nothing).</summary>
    public static TuningBackup? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), TuningJsonContext.Default.TuningBackup);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
