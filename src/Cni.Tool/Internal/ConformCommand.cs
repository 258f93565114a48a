using System.Text;
using System.Text.Json;

namespace Cni.Tool.Internal;

/// <summary>
/// <c>cnitool conform &lt;plugin&gt;</c>: the parts of the plugin contract that can be checked without creating anything —
/// VERSION, version gating per verb, the error object's shape and code, and DEL's idempotence on an unknown attachment.
/// </summary>
internal static class ConformCommand
{
    private sealed record Outcome(string Check, bool Passed, string Detail);

    public static async Task<int> RunAsync(Options o, ToolContext ctx)
    {
        if (o.Positional.Count < 1)
        {
            throw new UsageException("\"conform\" requires <plugin>");
        }
        var name = o.Positional[0];
        var path = name.Contains('/') ? Path.GetFullPath(name) : PluginPath.Find(name, ctx.PluginDirs);
        var type = Path.GetFileName(path);
        var runner = new ConformRunner(path, ctx.PluginDirs, o.Timeout ?? TimeSpan.FromSeconds(10));
        var outcomes = new List<Outcome>();

        var version = await runner.RunAsync("VERSION", """{"cniVersion":"1.1.0"}""", attachment: false).ConfigureAwait(false);
        VersionInfo? info = null;
        try
        {
            info = version.ExitCode == 0 ? VersionInfo.Parse(version.Stdout) : null;
            outcomes.Add(new("VERSION answers", info is not null, info is null ? version.Describe() : string.Join(' ', info.SupportedVersions)));
        }
        catch (CniException e)
        {
            outcomes.Add(new("VERSION answers", false, e.Message));
        }
        if (info is null)
        {
            return Report(outcomes, o.Json, ctx);
        }
        var unknown = info.SupportedVersions.Where(v => !SpecVersions.IsKnown(v)).ToList();
        outcomes.Add(new("VERSION lists released versions only", unknown.Count == 0, unknown.Count == 0 ? "" : "unknown: " + string.Join(' ', unknown)));
        var old = await runner.RunAsync("VERSION", """{"cniVersion":"0.1.0"}""", attachment: false).ConfigureAwait(false);
        outcomes.Add(new("VERSION answers an old runtime", old.ExitCode == 0, old.ExitCode == 0 ? "" : old.Describe()));

        var supported = info.SupportedVersions.Where(SpecVersions.IsKnown).OrderBy(SpecVersion.Parse).ToList();
        var newest = supported.LastOrDefault() ?? SpecVersions.Current;
        var config = BaseConfig(o.Config, type);
        string With(string v) => Inject(config, ("cniVersion", v));

        outcomes.Add(await ExpectError(runner, "unknown CNI_COMMAND is an error object", "BOGUS", With(newest), null).ConfigureAwait(false));
        outcomes.Add(await ExpectError(runner, "malformed config is code 6", "ADD", "{\"cniVersion\":", CniErrorCode.DecodingFailure).ConfigureAwait(false));
        outcomes.Add(await ExpectError(runner, "missing network name is code 7", "ADD", Inject(With(newest), ("name", null)), CniErrorCode.InvalidNetworkConfig).ConfigureAwait(false));
        outcomes.Add(await ExpectError(runner, "unsupported config version is code 1", "ADD", With("99.0.0"), CniErrorCode.IncompatibleCniVersion).ConfigureAwait(false));
        if (supported.Contains("0.3.1"))
        {
            outcomes.Add(await ExpectError(runner, "CHECK refused below 0.4.0", "CHECK", With("0.3.1"), CniErrorCode.IncompatibleCniVersion).ConfigureAwait(false));
        }
        if (supported.Contains("1.0.0"))
        {
            outcomes.Add(await ExpectError(runner, "GC refused below 1.1.0", "GC", With("1.0.0"), CniErrorCode.IncompatibleCniVersion).ConfigureAwait(false));
            outcomes.Add(await ExpectError(runner, "STATUS refused below 1.1.0", "STATUS", With("1.0.0"), CniErrorCode.IncompatibleCniVersion).ConfigureAwait(false));
        }
        if (supported.Contains("1.1.0"))
        {
            var status = await runner.RunAsync("STATUS", With("1.1.0"), attachment: false).ConfigureAwait(false);
            var code = status.Error()?.Code;
            outcomes.Add(new("STATUS answers (ready, or code 50/51)", status.ExitCode == 0 || code is 50 or 51, status.ExitCode == 0 ? "ready" : status.Describe()));
        }
        for (int i = 1; i <= 2; i++)
        {
            var del = await runner.RunAsync("DEL", With(newest), attachment: true).ConfigureAwait(false);
            outcomes.Add(new($"DEL of an unknown attachment succeeds (#{i})", del.ExitCode == 0, del.ExitCode == 0 ? "" : del.Describe()));
        }
        return Report(outcomes, o.Json, ctx);
    }

    private static async Task<Outcome> ExpectError(ConformRunner runner, string check, string command, string stdin, uint? code)
    {
        var run = await runner.RunAsync(command, stdin, attachment: true).ConfigureAwait(false);
        if (run.ExitCode == 0)
        {
            return new(check, false, "exited 0");
        }
        if (run.Error() is not { } error)
        {
            return new(check, false, "no error object on stdout: " + run.Describe());
        }
        bool ok = code is null || error.Code == code;
        return new(check, ok, $"code {error.Code}: {error.Message}");
    }

    private static string BaseConfig(string? file, string type)
    {
        if (file is null)
        {
            return $$"""{"name":"cnitool-conform","type":"{{type}}"}""";
        }
        return Encoding.UTF8.GetString(PluginConfig.Parse(File.ReadAllBytes(file)).Bytes.Span);
    }

    /// <summary>Sets (or, with null, removes) top-level keys of a JSON object.</summary>
    private static string Inject(string json, params (string Key, string? Value)[] values)
    {
        using var doc = JsonDocument.Parse(json);
        return JsonText.Write(w =>
        {
            w.WriteStartObject();
            foreach (var p in doc.RootElement.EnumerateObject().Where(p => !values.Any(v => v.Key == p.Name)))
            {
                p.WriteTo(w);
            }
            foreach (var (key, value) in values.Where(v => v.Value is not null))
            {
                w.WriteString(key, value);
            }
            w.WriteEndObject();
        });
    }

    private static int Report(List<Outcome> outcomes, bool json, ToolContext ctx)
    {
        if (json)
        {
            ctx.Out.WriteLine(JsonText.Write(w =>
            {
                w.WriteStartArray();
                foreach (var r in outcomes)
                {
                    w.WriteStartObject();
                    w.WriteString("check", r.Check);
                    w.WriteBoolean("passed", r.Passed);
                    w.WriteString("detail", r.Detail);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }));
        }
        else
        {
            foreach (var r in outcomes)
            {
                ctx.Out.WriteLine($"{(r.Passed ? "PASS" : "FAIL")}  {r.Check,-45} {r.Detail}");
            }
            ctx.Out.WriteLine($"{outcomes.Count(r => r.Passed)}/{outcomes.Count} passed");
        }
        return outcomes.All(r => r.Passed) ? CniTool.Success : CniTool.Failure;
    }
}
