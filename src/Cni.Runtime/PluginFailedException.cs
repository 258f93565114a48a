namespace Cni.Runtime;

/// <summary>
/// A plugin of a list failed: <c>plugin type="&lt;type&gt;" failed (add): &lt;error&gt;</c>, as Go wraps it.
/// The plugin's own error is <see cref="Exception.InnerException"/>; its code is kept in <see cref="CniException.Code"/>.
/// </summary>
public sealed class PluginFailedException : CniException
{
    /// <summary>Wraps <paramref name="inner"/>, the failure of <paramref name="plugin"/> during <paramref name="operation"/>.</summary>
    public PluginFailedException(NetworkConfig plugin, string operation, CniException inner)
        : base(inner.Code, $"plugin {Describe(plugin)} failed ({operation}): {inner.Msg}", inner.Details, inner)
    {
        PluginType = plugin.Type;
        Operation = operation;
    }

    /// <summary>The plugin's <c>type</c>.</summary>
    public string PluginType { get; }

    /// <summary>The operation as Go names it in the message: <c>add</c> or <c>delete</c>.</summary>
    public string Operation { get; }

    /// <summary>The plugin's own error.</summary>
    public CniException PluginError => (CniException)InnerException!;

    private static string Describe(NetworkConfig plugin) =>
        plugin.Name.Length > 0 ? $"type=\"{plugin.Type}\" name=\"{plugin.Name}\"" : $"type=\"{plugin.Type}\"";
}
