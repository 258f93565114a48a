namespace Cni.Plugins.Ipam.HostLocal;

/// <summary>
/// The host-local IPAM plugin: addresses from configured ranges, recorded one file per address in a store
/// that Go's host-local reads and writes too. Adds GC and STATUS, which Go's lacks.
/// </summary>
internal sealed partial class HostLocalPlugin : Plugin.Plugin
{
    /// <inheritdoc/>
    public override string Name => "host-local";
}
