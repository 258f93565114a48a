using System.Text.Json;
using Cni.Plugin;
using Cni.Plugins.Common;

namespace Cni.Plugins.Meta.Flannel;

/// <summary>
/// flannel's CNI plugin: renders a delegate config (bridge + host-local by default) from flanneld's
/// <c>subnet.env</c>, saves it under <c>dataDir</c> for DEL, and runs the delegate with it.
/// </summary>
public sealed partial class FlannelPlugin : Plugin.Plugin
{
    /// <inheritdoc/>
    public override string Name => "flannel";

    private static FlannelConfig Load(PluginRequest request)
    {
        var conf = ConfigLoader.Load(request, FlannelJsonContext.Default.FlannelConfig);
        foreach (var (key, value) in new[] { ("delegate", conf.Delegate), ("ipam", conf.Ipam), ("runtimeConfig", conf.RuntimeConfig) })
        {
            if (value is { ValueKind: not JsonValueKind.Object and not JsonValueKind.Null })
            {
                throw new CniException(CniErrorCode.InvalidNetworkConfig, $"failed to load netconf: \"{key}\" must be an object");
            }
        }
        return conf;
    }

    /// <summary><c>dataDir/containerID</c>; the skeleton has already held the container id to the spec's character set.</summary>
    private static string SavedPath(FlannelConfig conf, PluginRequest request)
    {
        if (request.ContainerId.Length == 0 || request.ContainerId.Contains('/', StringComparison.Ordinal) || request.ContainerId is "." or "..")
        {
            throw new CniException(CniErrorCode.InvalidEnvironmentVariables, $"invalid container id \"{request.ContainerId}\"", "CNI_CONTAINERID");
        }
        return Path.Combine(conf.DataDirPath, request.ContainerId);
    }

    /// <summary>Writes the rendered config (dir 0700, file 0600 like Go) through a temp file and a rename.</summary>
    private static void Save(string path, byte[] json)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }
        var dir = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temp = path + ".tmp";
        using (var f = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            f.Write(json);
            f.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The saved delegate config and its type, or null when there is none.</summary>
    private static (string Type, byte[] Json)? ReadSaved(string path)
    {
        byte[] json;
        try
        {
            json = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            var type = doc.RootElement.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
            return (type, json);
        }
        catch (JsonException e)
        {
            Console.Error.WriteLine($"failed to parse netconf: {e.Message}");
            return ("", json);
        }
    }

    private static CniException Wrap(string what, CniException e) =>
        new(CniErrorCode.Internal, what + (e.Details is { Length: > 0 } d ? $"{e.Msg}; {d}" : e.Msg));
}
