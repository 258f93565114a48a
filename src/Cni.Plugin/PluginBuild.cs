using System.Reflection;

namespace Cni.Plugin;

/// <summary>The build's version, printed in the about text.</summary>
public static class PluginBuild
{
    /// <summary>The informational version of this assembly (e.g. <c>v0.1.0</c>).</summary>
    public static string Version { get; } =
        "v" + (typeof(PluginBuild).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown");
}
