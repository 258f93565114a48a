using Cni.Plugin;

namespace Cni.Plugins.Main.Loopback;

/// <summary>Brings the container's <c>lo</c> up (ADD) and down (DEL); reports 127.0.0.1/8 and ::1/128.</summary>
public sealed partial class LoopbackPlugin : Plugin.Plugin
{
    private const string Lo = "lo";

    /// <inheritdoc/>
    public override string Name => "loopback";
}
