namespace Cni.Plugins;

/// <summary>A row of the plugin table.</summary>
/// <param name="Name">The file name the plugin is installed and started as.</param>
/// <param name="Kind">Where it belongs; test plugins are not installed by default.</param>
/// <param name="Create">Makes a fresh instance.</param>
public sealed record PluginEntry(string Name, PluginKind Kind, Func<Cni.Plugin.Plugin> Create)
{
    /// <summary>Whether <c>cni install</c> lays it out without being asked.</summary>
    public bool InstalledByDefault => Kind != PluginKind.Test;
}
