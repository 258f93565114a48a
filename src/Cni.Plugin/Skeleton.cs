namespace Cni.Plugin;

/// <summary>
/// The plugin-side protocol (Go's <c>pkg/skel</c>): environment → request, the version gate per verb,
/// dispatch, the result printed in the config's version, and every failure as the spec's error object
/// on stdout with exit status 1.
/// </summary>
public static class Skeleton
{
    // Started without CNI_COMMAND to print its About text: not a CNI call, so not logged.
    private const long NotACall = -1;

    /// <summary>Runs one invocation and returns the process exit status.</summary>
    public static int Run(Plugin plugin, PluginIO io)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        PluginRequest? request = null;
        CniException? failure = null;
        string version = "";
        try
        {
            var command = io.Get("CNI_COMMAND");
            if (command.Length == 0 && plugin.About.Length > 0)
            {
                io.Stderr.WriteLine(plugin.About);
                io.Stderr.WriteLine("CNI protocol versions supported: " + string.Join(", ", plugin.SupportedVersions));
                started = NotACall;
                return 0;
            }
            var verb = RequestReader.ReadVerb(io);
            if (verb == CniCommand.Version)
            {
                io.Stdout.Write(VersionInfo.For(plugin.SupportedVersions).ToJson());
                return 0;
            }
            request = RequestReader.Read(io, verb ?? CniCommand.Add);
            version = request.Config.CniVersion;
            if (verb is null)
            {
                throw new CniException(CniErrorCode.InvalidEnvironmentVariables, "unknown CNI_COMMAND: " + command);
            }
            VersionGate.Check(verb.Value, request.Config.EffectiveVersion, plugin.SupportedVersions);
            Dispatch(plugin, request, io);
            return 0;
        }
        catch (Exception e)
        {
            if (e is not CniException)
            {
                // An unexpected failure: the error object carries the message, stderr the trace for whoever debugs it.
                io.Stderr.WriteLine(e.ToString());
            }
            failure = CniException.From(e);
            io.Stdout.Write(CniError.ToJson(failure, version));
            return 1;
        }
        finally
        {
            io.Stdout.Flush();
            if (started != NotACall)
            {
                CallLog.Record(plugin, io, request, failure, started);
            }
        }
    }

    private static void Dispatch(Plugin plugin, PluginRequest request, PluginIO io)
    {
        switch (request.Command)
        {
            case CniCommand.Add:
                RefuseOwnNetns(request, io);
                var result = plugin.Add(request);
                io.Stdout.Write(result is RawResult raw ? raw.Text : CniResults.ToJsonAs(result, request.Config.EffectiveVersion));
                break;
            case CniCommand.Del:
                RefuseOwnNetns(request, io);
                plugin.Del(request);
                break;
            case CniCommand.Check:
                plugin.Check(request);
                break;
            case CniCommand.Gc:
                plugin.Gc(request);
                break;
            case CniCommand.Status:
                plugin.Status(request);
                break;
        }
    }

    // Go runs this check after the plugin acted; checking first means nothing is ever done to the host's namespace.
    private static void RefuseOwnNetns(PluginRequest request, PluginIO io)
    {
        var overrideValue = io.Get("CNI_NETNS_OVERRIDE");
        if (request.Netns.Length == 0 || overrideValue == "1" || string.Equals(overrideValue, "true", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        if (io.IsOwnNetns?.Invoke(request.Netns) == true)
        {
            throw new CniException(CniErrorCode.InvalidNetNs, "plugin's netns and netns from CNI_NETNS should not be the same");
        }
    }
}
