using Cni.Runtime.Internal;

namespace Cni.Runtime;

public sealed partial class CniConfig
{
    /// <summary>
    /// GC like Go's <c>GCNetworkList</c>: unless <c>disableGC</c>, DELs every cached attachment of this network that
    /// <paramref name="args"/> does not list as valid (all of them when <paramref name="args"/> is null), then, from
    /// 1.1.0, sends GC to every plugin. Errors are collected; all plugins run.
    /// </summary>
    /// <exception cref="CniException">One or more DELs or GCs failed: the message lists them one per line, as Go's
    /// <c>errors.Join</c>; the inner <see cref="AggregateException"/> holds each.</exception>
    public async Task GCNetworkListAsync(NetworkConfigList list, GCArgs? args, CancellationToken cancellationToken = default)
    {
        if (list.DisableGC)
        {
            return;
        }
        IReadOnlyList<NetworkAttachment> cached;
        try
        {
            cached = GetCachedAttachments();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Go: a cache that cannot be listed means no GC at all, and no error.
            return;
        }
        var valid = args?.ValidAttachments?.ToHashSet() ?? [];
        var errors = new List<CniException>();
        foreach (var a in cached.Where(a => a.Network == list.Name))
        {
            if (valid.Contains(new Attachment(a.ContainerId, a.IfName)))
            {
                continue;
            }
            try
            {
                await DelNetworkListAsync(list, a.ToRuntimeConf(), cancellationToken).ConfigureAwait(false);
            }
            catch (CniException e)
            {
                errors.Add(new CniException(e.Code, $"failed to delete stale attachment {a.ContainerId} {a.IfName}: {e.Msg}", e.Details, e));
            }
        }
        if (AtLeastOrFalse(list.CniVersion, "1.1.0"))
        {
            foreach (var plugin in list.Plugins)
            {
                try
                {
                    var stdin = Requests.ForGC(plugin, list.Name, list.CniVersion, args);
                    var pluginPath = _exec.FindInPath(plugin.Network.Type, Path);
                    await ExecAsync(pluginPath, stdin, PluginEnvironment.Build("GC", new RuntimeConf(), Path), cancellationToken).ConfigureAwait(false);
                }
                catch (CniException e)
                {
                    errors.Add(new CniException(e.Code, $"failed to GC plugin {plugin.Network.Type}: {e.Msg}", e.Details, e));
                }
            }
        }
        if (errors.Count > 0)
        {
            throw new CniException(errors[0].Code, string.Join('\n', errors.Select(e => e.Message)), inner: new AggregateException(errors));
        }
    }

    /// <summary>
    /// STATUS: from 1.1.0, asks every plugin in order whether it can serve ADD. The first failure is returned as is,
    /// so its code (50, 51) survives; the remaining plugins are not asked.
    /// </summary>
    public async Task GetStatusNetworkListAsync(NetworkConfigList list, CancellationToken cancellationToken = default)
    {
        if (!AtLeastOrFalse(list.CniVersion, "1.1.0"))
        {
            return;
        }
        foreach (var plugin in list.Plugins)
        {
            var stdin = Requests.ForStatus(plugin, list.Name, list.CniVersion);
            var pluginPath = _exec.FindInPath(plugin.Network.Type, Path);
            await ExecAsync(pluginPath, stdin, PluginEnvironment.Build("STATUS", new RuntimeConf(), Path), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Asks the plugin which spec versions it supports (VERSION).</summary>
    /// <exception cref="CniException">Not found, failed, or its answer does not decode.</exception>
    public async Task<VersionInfo> GetVersionInfoAsync(string pluginType, CancellationToken cancellationToken = default)
    {
        var pluginPath = _exec.FindInPath(pluginType, Path);
        return await VersionOfAsync(pluginPath, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks that every plugin exists and supports the list's version exactly (VERSION). All failures are reported
    /// together as <c>[err1 err2]</c>, like Go.
    /// </summary>
    /// <returns>The capabilities the plugins enable, each once.</returns>
    public async Task<IReadOnlyList<string>> ValidateNetworkListAsync(NetworkConfigList list, CancellationToken cancellationToken = default)
    {
        var errors = new List<CniException>();
        var caps = new List<string>();
        foreach (var plugin in list.Plugins)
        {
            try
            {
                await ValidatePluginAsync(plugin.Network.Type, list.CniVersion, cancellationToken).ConfigureAwait(false);
            }
            catch (CniException e)
            {
                errors.Add(e);
            }
            caps.AddRange(plugin.Network.Capabilities.Where(c => c.Value).Select(c => c.Key).Except(caps));
        }
        if (errors.Count > 0)
        {
            throw new CniException(errors[0].Code, "[" + string.Join(' ', errors.Select(e => e.Message)) + "]", inner: new AggregateException(errors));
        }
        return caps;
    }

    /// <summary>Checks one plugin configuration like <see cref="ValidateNetworkListAsync"/>; errors are not bracketed.</summary>
    public async Task<IReadOnlyList<string>> ValidateNetworkAsync(PluginConfig net, CancellationToken cancellationToken = default)
    {
        await ValidatePluginAsync(net.Network.Type, net.Network.CniVersion, cancellationToken).ConfigureAwait(false);
        return net.Network.Capabilities.Where(c => c.Value).Select(c => c.Key).ToList();
    }

    private async Task ValidatePluginAsync(string type, string version, CancellationToken cancellationToken)
    {
        var pluginPath = _exec.FindInPath(type, Path);
        var expected = version.Length == 0 ? "0.1.0" : version;
        var info = await VersionOfAsync(pluginPath, cancellationToken).ConfigureAwait(false);
        if (!info.SupportedVersions.Contains(expected, StringComparer.Ordinal))
        {
            throw new CniException(CniErrorCode.IncompatibleCniVersion, $"plugin {type} does not support config version \"{expected}\"");
        }
    }

    /// <summary>Go's <c>invoke.GetVersionInfo</c>: dummy values for plugins built against old skeletons, 0.1.0 for those without VERSION.</summary>
    private async Task<VersionInfo> VersionOfAsync(string pluginPath, CancellationToken cancellationToken)
    {
        var env = PluginEnvironment.Build("VERSION", "", "dummy", "", "dummy", "dummy");
        byte[] stdout;
        try
        {
            stdout = await ExecAsync(pluginPath, """{"cniVersion":"1.1.0"}"""u8.ToArray(), env, cancellationToken).ConfigureAwait(false);
        }
        catch (CniException e) when (e.Message == "unknown CNI_COMMAND: VERSION")
        {
            return new VersionInfo("0.1.0", ["0.1.0"]);
        }
        return VersionInfo.Parse(stdout);
    }
}
