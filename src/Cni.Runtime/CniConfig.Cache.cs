namespace Cni.Runtime;

public sealed partial class CniConfig
{
    /// <summary>The cache base directory used for <paramref name="rt"/>: the configured one, else <see cref="RuntimeConf.CacheDir"/>, else Go's default.</summary>
    public string CacheDirFor(RuntimeConf rt) => _cacheDir ?? (string.IsNullOrEmpty(rt.CacheDir) ? ResultCache.DefaultDirectory : rt.CacheDir);

    /// <summary>The result cache used for <paramref name="rt"/>.</summary>
    public ResultCache CacheFor(RuntimeConf rt) => new(CacheDirFor(rt));

    /// <summary>The cached ADD result of the attachment, converted to the list's version; null when none is cached.</summary>
    /// <exception cref="CniException">The cached result does not parse or convert.</exception>
    public ICniResult? GetNetworkListCachedResult(NetworkConfigList list, RuntimeConf rt) =>
        CacheFor(rt).GetResult(list.Name, list.CniVersion, rt);

    /// <summary>The cached ADD result of a single-plugin attachment; null when none is cached.</summary>
    public ICniResult? GetNetworkCachedResult(PluginConfig net, RuntimeConf rt) =>
        CacheFor(rt).GetResult(net.Network.Name, net.Network.CniVersion, rt);

    /// <summary>The configuration and parameters the attachment was made with; null when none is cached.</summary>
    public CachedConfig? GetNetworkListCachedConfig(NetworkConfigList list, RuntimeConf rt) => CacheFor(rt).GetConfig(list.Name, rt);

    /// <summary>The configuration and parameters a single-plugin attachment was made with; null when none is cached.</summary>
    public CachedConfig? GetNetworkCachedConfig(PluginConfig net, RuntimeConf rt) => CacheFor(rt).GetConfig(net.Network.Name, rt);

    /// <summary>The cached attachments, optionally of one container (Go's <c>GetCachedAttachments</c>).</summary>
    public IReadOnlyList<NetworkAttachment> GetCachedAttachments(string? containerId = null) =>
        CacheFor(new RuntimeConf()).GetAttachments(containerId);

    private void CacheAdd(ICniResult? result, ReadOnlyMemory<byte> config, string name, RuntimeConf rt)
    {
        try
        {
            CacheFor(rt).Add(result, config, name, rt);
        }
        catch (Exception e) when (e is CniException or IOException or UnauthorizedAccessException)
        {
            var inner = e as CniException;
            throw new CniException(inner?.Code ?? CniErrorCode.IOFailure,
                $"failed to set network \"{name}\" cached result: {inner?.Msg ?? e.Message}", inner?.Details, e);
        }
    }

    private ICniResult? CachedResultFor(string name, string cniVersion, RuntimeConf rt)
    {
        try
        {
            return CacheFor(rt).GetResult(name, cniVersion, rt);
        }
        catch (CniException e)
        {
            throw new CniException(e.Code, $"failed to get network \"{name}\" cached result: {e.Msg}", e.Details, e);
        }
    }

    /// <summary>DEL's view: prevResult only from 0.4.0; a cache that cannot be used is removed and ignored.</summary>
    private ICniResult? CachedResultForDel(string name, string cniVersion, RuntimeConf rt)
    {
        if (!AtLeast(cniVersion, "0.4.0"))
        {
            return null;
        }
        var cache = CacheFor(rt);
        try
        {
            return cache.GetResult(name, cniVersion, rt);
        }
        catch (CniException)
        {
            cache.Delete(name, rt);
            return null;
        }
    }
}
