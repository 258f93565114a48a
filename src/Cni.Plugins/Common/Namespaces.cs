using Cni.Linux;
using Cni.Plugin;

namespace Cni.Plugins.Common;

/// <summary>Opening the container's namespace with the spec's error codes, and DEL's tolerance of a gone one.</summary>
public static class Namespaces
{
    /// <summary>Opens <c>CNI_NETNS</c> for ADD and CHECK.</summary>
    /// <exception cref="CniException">Code 3 when the namespace does not exist, code 4 when the path is not a namespace.</exception>
    public static NetNs Open(PluginRequest request)
    {
        try
        {
            return NetNs.Open(request.Netns);
        }
        catch (NetNsNotFoundException e)
        {
            throw new CniException(CniErrorCode.UnknownContainer, $"failed to open netns \"{request.Netns}\": {e.Message}");
        }
        catch (NotNetNsException e)
        {
            throw new CniException(CniErrorCode.InvalidEnvironmentVariables, $"failed to open netns \"{request.Netns}\": {e.Message}", "CNI_NETNS");
        }
    }

    /// <summary>
    /// Opens <c>CNI_NETNS</c> for DEL; null when it is empty, gone, or no longer a namespace (a leftover
    /// bind-mount target), so DEL can still release what lives outside it.
    /// </summary>
    public static NetNs? OpenForDel(PluginRequest request)
    {
        if (request.Netns.Length == 0)
        {
            return null;
        }
        // A gone namespace is DEL's normal case (the runtime removed it first): found without an exception.
        if (Files.Missing(request.Netns))
        {
            return null;
        }
        try
        {
            return NetNs.Open(request.Netns);
        }
        catch (NetNsNotFoundException)
        {
            return null;
        }
        catch (NotNetNsException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="path"/> is the namespace this process runs in.</summary>
    public static bool IsOwn(string path) => Files.SameFile(path, NetNsIdentity.Current);
}
