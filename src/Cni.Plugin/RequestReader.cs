namespace Cni.Plugin;

/// <summary>Reads the <c>CNI_*</c> variables and stdin into a <see cref="PluginRequest"/>, in Go's order and with its messages.</summary>
internal static class RequestReader
{
    private sealed record Variable(string Name, CniCommand[] RequiredFor, Action<string>? Validate);

    // Table order is the order of the "missing" list. CNI_PATH is required only where the spec requires it (GC);
    // Go's skeleton also demands it for ADD/DEL/CHECK/STATUS.
    private static readonly Variable[] Variables =
    [
        new("CNI_CONTAINERID", [CniCommand.Add, CniCommand.Check, CniCommand.Del], Validation.ContainerId),
        new("CNI_NETNS", [CniCommand.Add, CniCommand.Check], null),
        new("CNI_IFNAME", [CniCommand.Add, CniCommand.Check, CniCommand.Del], Validation.InterfaceName),
        new("CNI_ARGS", [], null),
        new("CNI_PATH", [CniCommand.Gc], null),
    ];

    /// <summary>The verb, or null for an unknown one.</summary>
    /// <exception cref="CniException">Code 4 when <c>CNI_COMMAND</c> is missing.</exception>
    public static CniCommand? ReadVerb(PluginIO io) => io.Get("CNI_COMMAND") switch
    {
        "" => throw new CniException(CniErrorCode.InvalidEnvironmentVariables, "required env variables [CNI_COMMAND] missing"),
        "ADD" => CniCommand.Add,
        "DEL" => CniCommand.Del,
        "CHECK" => CniCommand.Check,
        "GC" => CniCommand.Gc,
        "STATUS" => CniCommand.Status,
        "VERSION" => CniCommand.Version,
        _ => null,
    };

    public static PluginRequest Read(PluginIO io, CniCommand verb)
    {
        var missing = new List<string>();
        foreach (var v in Variables)
        {
            var value = io.Get(v.Name);
            bool required = v.RequiredFor.Contains(verb);
            if (value.Length == 0 && required)
            {
                missing.Add(v.Name);
            }
            else if (value.Length > 0 && required)
            {
                v.Validate?.Invoke(value);
            }
        }
        if (missing.Count > 0)
        {
            throw new CniException(CniErrorCode.InvalidEnvironmentVariables, $"required env variables [{string.Join(',', missing)}] missing");
        }
        var config = NetworkConfig.Parse(ReadStdin(io.Stdin));
        if (config.Name.Length == 0)
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "missing network name");
        }
        Validation.NetworkName(config.Name);
        return new PluginRequest
        {
            Command = verb,
            ContainerId = io.Get("CNI_CONTAINERID"),
            Netns = io.Get("CNI_NETNS"),
            IfName = io.Get("CNI_IFNAME"),
            Args = io.Get("CNI_ARGS"),
            Path = io.Get("CNI_PATH"),
            Config = config,
            Environment = io.Environment,
        };
    }

    private static byte[] ReadStdin(Stream stdin)
    {
        try
        {
            // Not Stream.CopyTo: its 81,920-byte buffer comes from the shared pool as a 128 KiB large-object array.
            var buffer = new byte[4096];
            int length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
                int n = stdin.Read(buffer, length, buffer.Length - length);
                if (n <= 0)
                {
                    break;
                }
                length += n;
            }
            Array.Resize(ref buffer, length);
            return buffer;
        }
        catch (IOException e)
        {
            throw new CniException(CniErrorCode.IOFailure, "error reading from stdin: " + e.Message);
        }
    }
}
