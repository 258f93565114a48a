using System.Text.Json;
using Cni.Internal;
using Cni.Runtime.Internal;

namespace Cni.Runtime;

/// <summary>
/// libcni's result cache, byte-compatible with Go's: <c>&lt;base&gt;/results/&lt;network&gt;-&lt;containerID&gt;-&lt;ifname&gt;</c>
/// holding <c>{"kind":"cniCacheV1",...}</c>, so a runtime can switch between Go's library and this one with pods running.
/// Writes are atomic (a temp file renamed over the entry); Go's plain overwrite can leave a torn file behind.
/// </summary>
/// <param name="baseDir">The base directory; entries live in its <c>results</c> subdirectory.</param>
public sealed class ResultCache(string baseDir)
{
    /// <summary>Go's default base directory.</summary>
    public const string DefaultDirectory = "/var/lib/cni";

    /// <summary>The <c>kind</c> of current cache entries.</summary>
    public const string Kind = "cniCacheV1";

    /// <summary>The base directory.</summary>
    public string BaseDir { get; } = baseDir;

    /// <summary>The directory of the entries.</summary>
    public string ResultsDir => Path.Join(BaseDir, "results");

    /// <summary>The entry's path.</summary>
    /// <exception cref="CniException">A part is empty (Go's message), or is not a plain file name component.</exception>
    public string GetPath(string network, string containerId, string ifName)
    {
        if (network.Length == 0 || containerId.Length == 0 || ifName.Length == 0)
        {
            throw new CniException(CniErrorCode.InvalidEnvironmentVariables,
                $"cache file path requires network name (\"{network}\"), container ID (\"{containerId}\"), and interface name (\"{ifName}\")");
        }
        foreach (var part in (ReadOnlySpan<string>)[network, containerId, ifName])
        {
            // Go joins these unchecked; a '/' or '..' would read or write outside the cache directory.
            if (part is "." or ".." || part.Contains('/') || part.Contains('\\') || part.Contains('\0'))
            {
                throw new CniException(CniErrorCode.InvalidEnvironmentVariables, $"invalid cache file name component \"{part}\"");
            }
        }
        return Path.Join(ResultsDir, $"{network}-{containerId}-{ifName}");
    }

    /// <summary>Stores an ADD's outcome. The directory is created with mode 0700, the file with 0600.</summary>
    public void Add(ICniResult? result, ReadOnlyMemory<byte> config, string network, RuntimeConf rt)
    {
        var path = GetPath(network, rt.ContainerId, rt.IfName);
        var bytes = CacheEntry.Serialize(new NetworkAttachment
        {
            ContainerId = rt.ContainerId,
            Network = network,
            IfName = rt.IfName,
            Config = config,
            NetNS = rt.NetNS,
            CniArgs = rt.Args,
            CapabilityArgs = rt.CapabilityArgs,
        }, result);
        AtomicFile.Write(path, bytes);
    }

    /// <summary>
    /// The cached result converted to <paramref name="cniVersion"/>, or null when there is no entry (or it has no result).
    /// A file that is not a current entry is read as a legacy cache holding a bare result.
    /// </summary>
    /// <exception cref="CniException">The entry's result does not parse or convert.</exception>
    public ICniResult? GetResult(string network, string cniVersion, RuntimeConf rt)
    {
        if (TryRead(GetPath(network, rt.ContainerId, rt.IfName)) is not { } bytes)
        {
            return null;
        }
        ICniResult result;
        if (CacheEntry.TryParse(bytes, out var entry) && entry.Kind == Kind)
        {
            if (entry.Attachment.Result is not { } raw)
            {
                return null;
            }
            result = CniResults.Parse(raw);
        }
        else
        {
            result = CniResults.Parse(bytes);
        }
        try
        {
            return result.ConvertTo(cniVersion);
        }
        catch (CniException e)
        {
            throw new CniException(e.Code, $"failed to convert cached result to config version \"{cniVersion}\": {e.Msg}", e.Details, e);
        }
    }

    /// <summary>The configuration and parameters the attachment was made with, or null when there is no entry.</summary>
    /// <exception cref="CniException">The entry is not JSON, or not a current entry.</exception>
    public CachedConfig? GetConfig(string network, RuntimeConf rt)
    {
        if (TryRead(GetPath(network, rt.ContainerId, rt.IfName)) is not { } bytes)
        {
            return null;
        }
        if (!CacheEntry.TryParse(bytes, out var entry, out var error))
        {
            throw new CniException(CniErrorCode.DecodingFailure, $"failed to unmarshal cached network \"{network}\" config: {error}");
        }
        if (entry.Kind != Kind)
        {
            throw new CniException(CniErrorCode.DecodingFailure, $"read cached network \"{network}\" config has wrong kind: {entry.Kind}");
        }
        var cached = entry.Attachment;
        return new CachedConfig(cached.Config, rt with
        {
            Args = cached.CniArgs ?? rt.Args,
            CapabilityArgs = cached.CapabilityArgs,
        });
    }

    /// <summary>Removes the entry; errors are ignored, as in Go.</summary>
    public void Delete(string network, RuntimeConf rt)
    {
        try
        {
            var path = GetPath(network, rt.ContainerId, rt.IfName);
            File.Delete(path);
            // A runtime killed while writing the entry leaves the temporary file (".<name>.<32 hex>.tmp"): DEL removes it too.
            var prefix = "." + Path.GetFileName(path) + ".";
            foreach (var temp in Directory.EnumerateFiles(ResultsDir, ".*.tmp"))
            {
                var name = Path.GetFileName(temp);
                if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length == prefix.Length + 32 + ".tmp".Length)
                {
                    File.Delete(temp);
                }
            }
        }
        catch (Exception e) when (GoErrors.IsFileError(e) || e is CniException)
        {
            // Go ignores failures to remove the cache, and so does DEL.
        }
    }

    /// <summary>
    /// The attachments in the cache, sorted by file name (Go's <c>GetCachedAttachments</c>); entries that do not parse,
    /// have another kind or lack a network or interface name are skipped.
    /// </summary>
    /// <param name="containerId">Only this container's attachments; null or "" for all.</param>
    public IReadOnlyList<NetworkAttachment> GetAttachments(string? containerId = null)
    {
        string[] names;
        try
        {
            names = Directory.GetFiles(ResultsDir).Select(Path.GetFileName).ToArray()!;
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
        Array.Sort(names, StringComparer.Ordinal);
        var result = new List<NetworkAttachment>();
        foreach (var name in names)
        {
            // Our temp files start with '.', which no network name can.
            if (name.StartsWith('.'))
            {
                continue;
            }
            if (!string.IsNullOrEmpty(containerId))
            {
                var part = $"-{containerId}-";
                int pos = name.IndexOf(part, StringComparison.Ordinal);
                if (pos <= 0 || pos + part.Length >= name.Length)
                {
                    continue;
                }
            }
            if (TryRead(Path.Join(ResultsDir, name)) is not { } bytes || !CacheEntry.TryParse(bytes, out var entry) || entry.Kind != Kind)
            {
                continue;
            }
            var a = entry.Attachment;
            if ((!string.IsNullOrEmpty(containerId) && a.ContainerId != containerId) || a.IfName.Length == 0 || a.Network.Length == 0)
            {
                continue;
            }
            result.Add(a);
        }
        return result;
    }

    private static byte[]? TryRead(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (GoErrors.IsFileError(e))
        {
            // Go: "the cached result may not exist on-disk".
            return null;
        }
    }
}
