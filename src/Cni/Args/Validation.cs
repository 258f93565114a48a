using System.Text;

namespace Cni;

/// <summary>The identifier rules of Go's <c>pkg/utils</c>: container ID, network name, interface name.</summary>
public static class Validation
{
    /// <summary>The longest interface name the kernel takes, in bytes (IFNAMSIZ - 1).</summary>
    public const int MaxInterfaceNameLength = 15;

    /// <summary>Go's <c>^[a-zA-Z0-9][a-zA-Z0-9_.\-]*$</c> (whose <c>$</c>, unlike .NET's, does not match before a final newline).</summary>
    private static bool IsValidId(string id)
    {
        if (id.Length == 0 || !char.IsAsciiLetterOrDigit(id[0]))
        {
            return false;
        }
        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '.' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Container IDs: letters and digits first, then also <c>_ . -</c>.</summary>
    /// <exception cref="CniException">Code 3 when empty, code 4 for other characters.</exception>
    public static void ContainerId(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new CniException(CniErrorCode.UnknownContainer, "missing containerID");
        }
        if (!IsValidId(id))
        {
            throw new CniException(CniErrorCode.InvalidEnvironmentVariables, "invalid characters in containerID", id);
        }
    }

    /// <summary>Network names: the container ID pattern, so they are safe as file names.</summary>
    /// <exception cref="CniException">Code 7.</exception>
    public static void NetworkName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "missing network name:");
        }
        if (!IsValidId(name))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "invalid characters found in network name", name);
        }
    }

    /// <summary>Interface names: 1–15 bytes, not <c>.</c> or <c>..</c>, no <c>/</c>, <c>:</c> or whitespace.</summary>
    /// <exception cref="CniException">Code 4.</exception>
    public static void InterfaceName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new CniException(CniErrorCode.InvalidEnvironmentVariables, "interface name is empty");
        }
        if (Encoding.UTF8.GetByteCount(name) > MaxInterfaceNameLength)
        {
            throw new CniException(CniErrorCode.InvalidEnvironmentVariables, "interface name is too long",
                "interface name should be less than 16 characters");
        }
        if (name is "." or "..")
        {
            throw new CniException(CniErrorCode.InvalidEnvironmentVariables, "interface name is . or ..");
        }
        if (name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c)))
        {
            throw new CniException(CniErrorCode.InvalidEnvironmentVariables,
                "interface name contains / or : or whitespace characters");
        }
    }

    /// <summary>A plugin <c>type</c> must be a plain file name (CVE-2021-20206).</summary>
    /// <exception cref="CniException">Code 7.</exception>
    public static void PluginType(string? type)
    {
        if (string.IsNullOrEmpty(type))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "no plugin name provided");
        }
        if (type.Contains('/') || type is "." or "..")
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "invalid plugin name: " + type);
        }
    }
}
