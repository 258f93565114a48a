using Cni.Runtime.Internal;

namespace Cni.Runtime;

/// <summary>
/// The runtime side of CNI (Go's <c>libcni.CNIConfig</c>): runs the plugins of a network configuration for ADD, CHECK,
/// DEL, GC and STATUS, builds their stdin and environment, and keeps the result cache. Thread-safe; the spec leaves
/// serializing operations on one container to the caller.
/// </summary>
public sealed partial class CniConfig
{
    private readonly IPluginExecutor _exec;
    private readonly string? _cacheDir;

    /// <summary>Creates a runtime that finds plugins in <paramref name="pluginDirs"/>.</summary>
    /// <param name="pluginDirs">The plugin directories (<c>CNI_PATH</c>), searched in order.</param>
    /// <param name="cacheDir">The cache base directory; null for <see cref="RuntimeConf.CacheDir"/> or <see cref="ResultCache.DefaultDirectory"/>.</param>
    /// <param name="executor">How plugins are found and run; null for <see cref="PluginExecutor"/>.</param>
    public CniConfig(IReadOnlyList<string> pluginDirs, string? cacheDir = null, IPluginExecutor? executor = null)
    {
        Path = pluginDirs;
        _cacheDir = string.IsNullOrEmpty(cacheDir) ? null : cacheDir;
        _exec = executor ?? new PluginExecutor();
    }

    /// <summary>The plugin directories.</summary>
    public IReadOnlyList<string> Path { get; }

    /// <summary>
    /// How long one plugin may run before it is killed; null (the default, like Go) for no limit. The failure reads
    /// like Go's for a killed plugin, with <c>(timed out after ...)</c> appended.
    /// </summary>
    public TimeSpan? PluginTimeout { get; init; }

    /// <summary>Runs every plugin of the list with ADD, in order, each getting the previous result; caches the last result.</summary>
    /// <returns>The last plugin's result in the version it returned it, or null for a list without plugins.</returns>
    /// <exception cref="PluginFailedException">A plugin failed (or its binary is missing, or an identifier is invalid).</exception>
    /// <exception cref="CniException">The result could not be cached.</exception>
    public async Task<ICniResult?> AddNetworkListAsync(NetworkConfigList list, RuntimeConf rt, CancellationToken cancellationToken = default)
    {
        ICniResult? result = null;
        foreach (var plugin in list.Plugins)
        {
            try
            {
                result = await AddAsync(list.Name, list.CniVersion, plugin, result, rt, cancellationToken).ConfigureAwait(false);
            }
            catch (CniException e)
            {
                throw new PluginFailedException(plugin.Network, "add", e);
            }
        }
        CacheAdd(result, list.Bytes, list.Name, rt);
        return result;
    }

    /// <summary>ADD with a single plugin configuration; errors are not wrapped.</summary>
    public async Task<ICniResult> AddNetworkAsync(PluginConfig net, RuntimeConf rt, CancellationToken cancellationToken = default)
    {
        var result = await AddAsync(net.Network.Name, net.Network.CniVersion, net, null, rt, cancellationToken).ConfigureAwait(false);
        CacheAdd(result, net.Bytes, net.Network.Name, rt);
        return result;
    }

    /// <summary>
    /// Runs every plugin with CHECK, in order, each getting the cached ADD result. Does nothing when the list says
    /// <c>disableCheck</c>. The first error is returned unwrapped.
    /// </summary>
    /// <exception cref="CheckNotSupportedException">The configuration is older than 0.4.0.</exception>
    public async Task CheckNetworkListAsync(NetworkConfigList list, RuntimeConf rt, CancellationToken cancellationToken = default)
    {
        RequireCheck(list.CniVersion);
        if (list.DisableCheck)
        {
            return;
        }
        var cached = CachedResultFor(list.Name, list.CniVersion, rt);
        foreach (var plugin in list.Plugins)
        {
            await RunAsync("CHECK", list.Name, list.CniVersion, plugin, cached, rt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>CHECK with a single plugin configuration.</summary>
    /// <exception cref="CheckNotSupportedException">The configuration is older than 0.4.0.</exception>
    public async Task CheckNetworkAsync(PluginConfig net, RuntimeConf rt, CancellationToken cancellationToken = default)
    {
        RequireCheck(net.Network.CniVersion);
        var cached = CachedResultFor(net.Network.Name, net.Network.CniVersion, rt);
        await RunAsync("CHECK", net.Network.Name, net.Network.CniVersion, net, cached, rt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs every plugin with DEL in reverse order, giving each the cached ADD result (from 0.4.0; an unreadable cache
    /// is removed and DEL goes on without it), then removes the cache entry. DEL twice succeeds.
    /// </summary>
    /// <exception cref="PluginFailedException">A plugin failed; later (earlier-listed) plugins did not run.</exception>
    public async Task DelNetworkListAsync(NetworkConfigList list, RuntimeConf rt, CancellationToken cancellationToken = default)
    {
        var cached = CachedResultForDel(list.Name, list.CniVersion, rt);
        for (int i = list.Plugins.Count - 1; i >= 0; i--)
        {
            var plugin = list.Plugins[i];
            try
            {
                await RunAsync("DEL", list.Name, list.CniVersion, plugin, cached, rt, cancellationToken).ConfigureAwait(false);
            }
            catch (CniException e)
            {
                throw new PluginFailedException(plugin.Network, "delete", e);
            }
        }
        CacheFor(rt).Delete(list.Name, rt);
    }

    /// <summary>DEL with a single plugin configuration; errors are not wrapped.</summary>
    public async Task DelNetworkAsync(PluginConfig net, RuntimeConf rt, CancellationToken cancellationToken = default)
    {
        var cached = CachedResultForDel(net.Network.Name, net.Network.CniVersion, rt);
        await RunAsync("DEL", net.Network.Name, net.Network.CniVersion, net, cached, rt, cancellationToken).ConfigureAwait(false);
        CacheFor(rt).Delete(net.Network.Name, rt);
    }

    private async Task<ICniResult> AddAsync(string name, string cniVersion, PluginConfig plugin, ICniResult? prevResult,
        RuntimeConf rt, CancellationToken cancellationToken)
    {
        var pluginPath = _exec.FindInPath(plugin.Network.Type, Path);
        Validation.ContainerId(rt.ContainerId);
        Validation.NetworkName(name);
        Validation.InterfaceName(rt.IfName);
        var stdin = Requests.ForAttachment(plugin, name, cniVersion, prevResult, rt);
        var stdout = await ExecAsync(pluginPath, stdin, PluginEnvironment.Build("ADD", rt, Path), cancellationToken).ConfigureAwait(false);
        return AddResult.Parse(stdout, cniVersion);
    }

    private async Task RunAsync(string command, string name, string cniVersion, PluginConfig plugin, ICniResult? prevResult,
        RuntimeConf rt, CancellationToken cancellationToken)
    {
        var pluginPath = _exec.FindInPath(plugin.Network.Type, Path);
        var stdin = Requests.ForAttachment(plugin, name, cniVersion, prevResult, rt);
        await ExecAsync(pluginPath, stdin, PluginEnvironment.Build(command, rt, Path), cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> ExecAsync(string pluginPath, byte[] stdin, Dictionary<string, string> env, CancellationToken cancellationToken)
    {
        if (PluginTimeout is not { } timeout)
        {
            return await _exec.ExecPluginAsync(pluginPath, stdin, env, cancellationToken).ConfigureAwait(false);
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            return await _exec.ExecPluginAsync(pluginPath, stdin, env, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CniException or OperationCanceledException && cts.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var inner = e as CniException ?? new CniException(CniErrorCode.Internal, "netplugin failed with no error message: signal: killed");
            throw new CniException(inner.Code, $"{inner.Msg} (timed out after {timeout.TotalSeconds:0.###}s)", inner.Details, e);
        }
    }

    private static void RequireCheck(string cniVersion)
    {
        if (!AtLeast(cniVersion, "0.4.0"))
        {
            throw new CheckNotSupportedException(cniVersion);
        }
    }

    /// <summary>Go's <c>version.GreaterThanOrEqualTo</c>; a version that does not parse is an error.</summary>
    private static bool AtLeast(string version, string minimum)
    {
        try
        {
            return SpecVersion.GreaterThanOrEqual(version, minimum);
        }
        catch (FormatException e)
        {
            throw new CniException(CniErrorCode.DecodingFailure, e.Message);
        }
    }

    /// <summary>Like <see cref="AtLeast"/>, with a version that does not parse counting as lower (GC, STATUS).</summary>
    private static bool AtLeastOrFalse(string version, string minimum) =>
        SpecVersion.TryParse(version, out var v) && v >= SpecVersion.Parse(minimum);
}
