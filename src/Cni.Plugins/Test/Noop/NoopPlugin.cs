using Cni.Plugin;

namespace Cni.Plugins.Test.Noop;

/// <summary>
/// The test double of upstream's <c>plugins/test/noop</c>: behaviour scripted by a debug file named in
/// <c>CNI_ARGS</c> (<c>DEBUG=path</c>) or the config's <c>debugFile</c>; records what it was called with.
/// Not installed by default.
/// </summary>
public sealed class NoopPlugin : Plugin.Plugin
{
    /// <inheritdoc/>
    public override string Name => "noop";

    /// <inheritdoc/>
    public override string About => "CNI noop plugin v0.7.0";

    /// <inheritdoc/>
    public override IReadOnlyList<string> SupportedVersions =>
        NoopDebug.Locate(Environment.GetEnvironmentVariable("CNI_ARGS"), null) is { } path && NoopDebug.Read(path).ReportVersionSupport is { Count: > 0 } versions
            ? versions
            : NoopDebug.DefaultVersions;

    /// <inheritdoc/>
    public override ICniResult Add(PluginRequest request) => Act(request) ?? new RawResult("");

    /// <inheritdoc/>
    public override void Del(PluginRequest request) => Act(request);

    /// <inheritdoc/>
    public override void Check(PluginRequest request) => Act(request);

    /// <inheritdoc/>
    public override void Gc(PluginRequest request) => Act(request);

    /// <inheritdoc/>
    public override void Status(PluginRequest request) => Act(request);

    private static ICniResult? Act(PluginRequest request)
    {
        var path = NoopDebug.Locate(request.Args, request.Config);
        if (path is null)
        {
            if (request.Args.Length > 0)
            {
                // Upstream panics here; tests rely on the non-zero exit.
                Environment.Exit(2);
            }
            return new RawResult("{}");
        }
        var debug = NoopDebug.Read(path);
        NoopDebug.Record(path, debug, request);
        if (debug.ReportStderr.Length > 0)
        {
            Console.Error.Write(debug.ReportStderr);
        }
        if (debug.ExitWithCode != 0)
        {
            Environment.Exit(debug.ExitWithCode);
        }
        if (debug.ReportError.Length > 0)
        {
            throw new CniException(debug.ReportErrorCode == 0 ? CniErrorCode.Internal : debug.ReportErrorCode, debug.ReportError);
        }
        return debug.ReportResult switch
        {
            "PASSTHROUGH" or "INJECT-DNS" => Passthrough(request, debug.ReportResult == "INJECT-DNS"),
            var text => new RawResult(text),
        };
    }

    private static ICniResult Passthrough(PluginRequest request, bool injectDns)
    {
        var prev = request.Config.PrevResult is { } p
            ? CniResults.ParseAs(p, request.Config.EffectiveVersion).ConvertTo(request.Config.EffectiveVersion)
            : throw new CniException(CniErrorCode.InvalidNetworkConfig, "no prevResult to pass through");
        if (!injectDns)
        {
            return prev;
        }
        var current = ResultConverters.ToCurrent(prev);
        current.Dns = current.Dns with { Nameservers = ["1.2.3.4"] };
        return current;
    }
}
