namespace Cni.Plugin;

/// <summary>
/// Runs a delegated plugin (IPAM) found in the caller's own <c>CNI_PATH</c>, with the caller's environment and
/// <c>CNI_COMMAND</c> overridden, and the caller's full stdin (Go's <c>invoke.Delegate*</c>).
/// </summary>
public static class Delegation
{
    /// <summary>
    /// Runs a delegate inside this process when it is this same binary: given the delegate's path, environment
    /// and stdin, returns its stdout, or null to fall back to exec. Errors surface as <see cref="CniException"/>
    /// exactly as from a separate process. Set by the host that knows the plugin table.
    /// </summary>
    public static Func<string, IReadOnlyDictionary<string, string>, ReadOnlyMemory<byte>, byte[]?>? InProcess { get; set; }

    /// <summary>ADD on the delegate; its result in the 1.x shape.</summary>
    public static Result Add(PluginRequest request, string type) =>
        ResultConverters.ToCurrent(ParseResult(Run(request, type, CniCommand.Add), request.Config.EffectiveVersion));

    /// <summary>DEL on the delegate.</summary>
    public static void Del(PluginRequest request, string type) => Run(request, type, CniCommand.Del);

    /// <summary>CHECK on the delegate.</summary>
    public static void Check(PluginRequest request, string type) => Run(request, type, CniCommand.Check);

    /// <summary>GC on the delegate.</summary>
    public static void Gc(PluginRequest request, string type) => Run(request, type, CniCommand.Gc);

    /// <summary>
    /// GC on the config's IPAM plugin when it names one: an interface plugin's own objects are removed by DEL, its
    /// addresses are the IPAM plugin's to collect (Go's interface plugins do nothing here: plugins#1013).
    /// </summary>
    public static void IpamGc(PluginRequest request)
    {
        if (request.Config.IpamType.Length > 0)
        {
            Gc(request, request.Config.IpamType);
        }
    }

    /// <summary>STATUS on the delegate.</summary>
    public static void Status(PluginRequest request, string type) => Run(request, type, CniCommand.Status);

    /// <summary>ADD on a delegate given its own config (a meta plugin's rendered delegate, Go's <c>invoke.DelegateAdd</c> with netconf bytes); its result in the 1.x shape.</summary>
    public static Result Add(PluginRequest request, string type, ReadOnlyMemory<byte> stdin, string configVersion) =>
        ResultConverters.ToCurrent(ParseResult(Run(request, type, CniCommand.Add, stdin), configVersion));

    /// <summary>DEL on a delegate given its own config.</summary>
    public static void Del(PluginRequest request, string type, ReadOnlyMemory<byte> stdin) => Run(request, type, CniCommand.Del, stdin);

    /// <summary>CHECK on a delegate given its own config.</summary>
    public static void Check(PluginRequest request, string type, ReadOnlyMemory<byte> stdin) => Run(request, type, CniCommand.Check, stdin);

    private static byte[] Run(PluginRequest request, string type, CniCommand verb) => Run(request, type, verb, request.StdinData);

    private static byte[] Run(PluginRequest request, string type, CniCommand verb, ReadOnlyMemory<byte> stdin)
    {
        if (request.Path.Length == 0)
        {
            throw new CniException(CniErrorCode.InvalidEnvironmentVariables, "required env variables [CNI_PATH] missing",
                $"CNI_PATH is needed to find the delegated plugin \"{type}\"");
        }
        if (string.IsNullOrEmpty(type))
        {
            throw new CniException(CniErrorCode.InvalidNetworkConfig, "no plugin name provided", "the config's ipam section needs a \"type\"");
        }
        var path = PluginPath.Find(type, request.PathList);
        // Not a copy: an in-process delegate only looks variables up; an exec'd one enumerates them.
        var env = new OverriddenEnvironment(request.Environment, "CNI_COMMAND", verb.WireName());
        return InProcess?.Invoke(path, env, stdin)
               ?? PluginProcess.RunAsync(path, env, stdin, Console.Error).GetAwaiter().GetResult();
    }

    // A delegate that prints no cniVersion is taken to speak the config's version (Go: issue #895).
    private static ICniResult ParseResult(byte[] stdout, string configVersion)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(stdout.Length == 0 ? "null"u8.ToArray() : stdout);
        var root = doc.RootElement;
        if (root.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            throw new CniException(CniErrorCode.DecodingFailure, "failed to unmarshal raw result: not a JSON object");
        }
        bool hasVersion = root.TryGetProperty("cniVersion", out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String && v.GetString()!.Length > 0;
        return hasVersion ? CniResults.Parse(root) : CniResults.ParseAs(root, configVersion);
    }
}
