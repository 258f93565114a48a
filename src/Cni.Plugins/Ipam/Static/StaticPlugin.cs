namespace Cni.Plugins.Ipam.Static;

/// <summary>The static IPAM plugin: returns the addresses, routes and DNS it is given; holds no state.</summary>
internal sealed partial class StaticPlugin : Plugin.Plugin
{
    /// <inheritdoc/>
    public override string Name => "static";
}
