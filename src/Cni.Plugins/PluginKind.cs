namespace Cni.Plugins;

/// <summary>The plugin families of the reference set.</summary>
public enum PluginKind
{
    /// <summary>Creates interfaces.</summary>
    Main,
    /// <summary>Manages addresses.</summary>
    Ipam,
    /// <summary>Acts on a previous result.</summary>
    Meta,
    /// <summary>Test doubles for the skeleton and the runtime.</summary>
    Test,
}
