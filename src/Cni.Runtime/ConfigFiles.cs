using Cni.Runtime.Internal;

namespace Cni.Runtime;

/// <summary>
/// Loading configurations from a directory exactly like Go's <c>libcni/conf.go</c>: <c>.conflist</c> files
/// first in sorted order, then <c>.conf</c>/<c>.json</c>; plugin fragments from <c>&lt;dir&gt;/&lt;network&gt;/*.conf</c>.
/// </summary>
public static class ConfigFiles
{
    /// <summary>The default configuration directory.</summary>
    public const string DefaultDirectory = "/etc/cni/net.d";

    /// <summary>
    /// The files of <paramref name="dir"/> (not recursive, no directories) whose extension is exactly one of
    /// <paramref name="extensions"/>, sorted by byte order. A missing directory yields no files.
    /// </summary>
    public static IReadOnlyList<string> Find(string dir, params IReadOnlyList<string> extensions)
    {
        if (!Directory.Exists(dir))
        {
            return [];
        }
        var files = new List<string>();
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos())
        {
            // Go's DirEntry.IsDir does not follow symlinks: a link to a directory is listed and fails on read.
            if (entry is DirectoryInfo { LinkTarget: null })
            {
                continue;
            }
            var ext = Path.GetExtension(entry.Name);
            if (extensions.Contains(ext, StringComparer.Ordinal))
            {
                files.Add(Path.Join(dir, entry.Name));
            }
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>
    /// The network named <paramref name="name"/> (Go's <c>LoadNetworkConf</c>/<c>LoadConfList</c>): the first
    /// <c>.conflist</c> with that name, else the first <c>.conf</c>/<c>.json</c> with it, up-converted to a list.
    /// Any file that does not parse aborts the search, as in Go.
    /// </summary>
    /// <exception cref="NoConfigsFoundException">No configuration files at all.</exception>
    /// <exception cref="ConfigNotFoundException">None with that name.</exception>
    /// <exception cref="CniException">A file that cannot be read or parsed (<see cref="ConfigFileException"/> names it).</exception>
    public static NetworkConfigList LoadNetworkConfig(string dir, string name)
    {
        var lists = Find(dir, ".conflist");
        foreach (var file in lists)
        {
            var list = LoadNetworkConfigFile(file);
            if (list.Name == name)
            {
                return list;
            }
        }
        PluginConfig single;
        try
        {
            single = LoadPluginConfig(dir, name);
        }
        catch (NoConfigsFoundException) when (lists.Count > 0)
        {
            throw new ConfigNotFoundException(dir, name);
        }
        return NetworkConfigList.FromPlugin(single);
    }

    /// <summary>The single-plugin configuration named <paramref name="name"/> among <c>.conf</c>/<c>.json</c> (Go's <c>LoadConf</c>).</summary>
    /// <exception cref="NoConfigsFoundException">No <c>.conf</c>/<c>.json</c> files.</exception>
    /// <exception cref="ConfigNotFoundException">None with that name.</exception>
    public static PluginConfig LoadPluginConfig(string dir, string name)
    {
        var files = Find(dir, ".conf", ".json");
        if (files.Count == 0)
        {
            throw new NoConfigsFoundException(dir);
        }
        foreach (var file in files)
        {
            var conf = LoadPluginConfigFile(file);
            if (conf.Network.Name == name)
            {
                return conf;
            }
        }
        throw new ConfigNotFoundException(dir, name);
    }

    /// <summary>
    /// Every network of the directory, in the order Go would find them: <c>.conflist</c> files, then
    /// <c>.conf</c>/<c>.json</c> whose name no list took. Unlike <see cref="LoadNetworkConfig"/>, a file that fails
    /// is reported to <paramref name="onError"/> and skipped.
    /// </summary>
    public static IReadOnlyList<NetworkConfigList> LoadAll(string dir, Action<string, CniException>? onError = null)
    {
        var result = new List<NetworkConfigList>();
        foreach (var file in Find(dir, ".conflist").Concat(Find(dir, ".conf", ".json")))
        {
            try
            {
                var list = file.EndsWith(".conflist", StringComparison.Ordinal)
                    ? LoadNetworkConfigFile(file)
                    : NetworkConfigList.FromPlugin(LoadPluginConfigFile(file));
                if (!result.Any(l => l.Name == list.Name))
                {
                    result.Add(list);
                }
            }
            catch (CniException e)
            {
                onError?.Invoke(file, e);
            }
        }
        return result;
    }

    /// <summary>
    /// Reads a <c>.conflist</c> (Go's <c>NetworkConfFromFile</c>) and, unless <c>loadOnlyInlinedPlugins</c>, appends the
    /// plugin fragments of <c>&lt;dir of file&gt;/&lt;name&gt;/*.conf</c>. <see cref="NetworkConfigList.Bytes"/> stay the file's bytes.
    /// </summary>
    /// <exception cref="CniException"><c>error reading ...</c>, the parse errors, or <c>no plugin configs found</c>.</exception>
    public static NetworkConfigList LoadNetworkConfigFile(string path)
    {
        var list = Parse(path, NetworkConfigList.Parse);
        if (!list.LoadOnlyInlinedPlugins)
        {
            var fragments = LoadFragments(Path.GetDirectoryName(path) ?? ".", list.Name);
            if (fragments.Count > 0)
            {
                list = new NetworkConfigList
                {
                    Name = list.Name,
                    CniVersion = list.CniVersion,
                    DisableCheck = list.DisableCheck,
                    DisableGC = list.DisableGC,
                    LoadOnlyInlinedPlugins = list.LoadOnlyInlinedPlugins,
                    Plugins = [.. list.Plugins, .. fragments],
                    Bytes = list.Bytes,
                };
            }
        }
        if (list.Plugins.Count == 0)
        {
            throw new ConfigFileException(path, new CniException(CniErrorCode.InvalidNetworkConfig, "no plugin configs found"));
        }
        return list;
    }

    /// <summary>Reads a single plugin configuration (<c>.conf</c>/<c>.json</c>; Go's <c>ConfFromFile</c>); <c>type</c> is required.</summary>
    public static PluginConfig LoadPluginConfigFile(string path) => Parse(path, PluginConfig.Parse);

    /// <summary>The plugin fragments <c>&lt;dir&gt;/&lt;network&gt;/*.conf</c>, each with its file bytes (Go's <c>NetworkPluginConfsFromFiles</c>).</summary>
    public static IReadOnlyList<PluginConfig> LoadFragments(string dir, string network)
    {
        // The name comes from a file: never let it climb out of the directory.
        if (network.Length == 0 || network is "." or ".." || network.Contains('/') || network.Contains('\\'))
        {
            return [];
        }
        var sub = Path.Join(dir, network);
        if (!Directory.Exists(sub))
        {
            return [];
        }
        var result = new List<PluginConfig>();
        foreach (var file in Find(sub, ".conf"))
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (Exception e) when (GoErrors.IsFileError(e))
            {
                throw new CniException(CniErrorCode.IOFailure, $"failed to read plugin config file {file}: {GoErrors.Open(file, e)}");
            }
            result.Add(Parse(file, bytes, PluginConfig.Parse));
        }
        return result;
    }

    private static T Parse<T>(string path, Func<ReadOnlyMemory<byte>, T> parse)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (GoErrors.IsFileError(e))
        {
            throw new CniException(CniErrorCode.IOFailure, $"error reading {path}: {GoErrors.Open(path, e)}");
        }
        return Parse(path, bytes, parse);
    }

    private static T Parse<T>(string path, byte[] bytes, Func<ReadOnlyMemory<byte>, T> parse)
    {
        try
        {
            return parse(bytes);
        }
        catch (CniException e)
        {
            throw new ConfigFileException(path, e);
        }
    }
}
