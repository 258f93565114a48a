namespace Cni.Plugin;

/// <summary>A CNI plugin: one method per verb. The <see cref="Skeleton"/> parses the request, checks versions and prints.</summary>
public abstract class Plugin
{
    /// <summary>The plugin's name, the file name it is installed as (e.g. <c>bridge</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The spec versions the plugin accepts; all of them unless it says otherwise.</summary>
    public virtual IReadOnlyList<string> SupportedVersions => SpecVersions.All;

    /// <summary>What the binary prints to stderr when started without <c>CNI_COMMAND</c>.</summary>
    public virtual string About => $"CNI {Name} plugin {PluginBuild.Version}";

    /// <summary>ADD: attach and return the result (in any version; the skeleton converts it to the config's).</summary>
    public abstract ICniResult Add(PluginRequest request);

    /// <summary>DEL: detach; must succeed when nothing is left.</summary>
    public abstract void Del(PluginRequest request);

    /// <summary>CHECK: verify what ADD made; succeeds by default.</summary>
    public virtual void Check(PluginRequest request)
    {
    }

    /// <summary>GC: release what belongs to attachments not in the valid list; succeeds by default.</summary>
    public virtual void Gc(PluginRequest request)
    {
    }

    /// <summary>STATUS: fail with code 50/51 when ADD could not be served; succeeds by default.</summary>
    public virtual void Status(PluginRequest request)
    {
    }
}
