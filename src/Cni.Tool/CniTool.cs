using Cni.Tool.Internal;

namespace Cni.Tool;

/// <summary>
/// <c>cnitool</c>: Go's <c>add | check | del | gc | status &lt;network&gt; &lt;netns&gt;</c> with the same environment
/// (<c>NETCONFPATH</c>, <c>CNI_PATH</c>, <c>CNI_ARGS</c>, <c>CAP_ARGS</c>, <c>CNI_IFNAME</c>) and output, plus
/// <c>ls</c>, <c>inspect</c>, <c>gc --dry-run</c>, <c>conform</c>, <c>exec</c>, <c>oci-hook</c>, <c>audit</c>, <c>repair</c> and <c>--timings</c>.
/// </summary>
public static class CniTool
{
    /// <summary>Exit status: success.</summary>
    public const int Success = 0;

    /// <summary>Exit status: the operation failed (also Go's status for a wrong command line).</summary>
    public const int Failure = 1;

    /// <summary>Exit status of the tools Go does not have when their command line is wrong.</summary>
    public const int UsageError = 2;

    /// <summary>Runs the tool; <paramref name="args"/> excludes the program name.</summary>
    /// <returns>The exit status.</returns>
    public static int Run(string[] args) => Run(args, ToolContext.FromProcess());

    internal static int Run(string[] args, ToolContext ctx)
    {
        try
        {
            return RunAsync(args, ctx).GetAwaiter().GetResult();
        }
        catch (UsageException e)
        {
            ctx.Err.WriteLine($"cnitool: {e.Message}");
            ctx.Err.WriteLine("Run 'cnitool --help' for usage.");
            return args.Length > 0 && AttachCommands.Verbs.Contains(args[0]) ? Failure : UsageError;
        }
        catch (Exception e) when (e is CniException or Cni.Linux.LinuxException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            ctx.Err.WriteLine(e.Message);
            return Failure;
        }
    }

    private static Task<int> RunAsync(string[] args, ToolContext ctx)
    {
        if (args.Length == 0 || args[0] is "help" or "-h" or "--help")
        {
            ctx.Out.WriteLine(Usage.Main);
            return Task.FromResult(args.Length == 0 ? Failure : Success);
        }
        var command = args[0];
        var options = Options.Parse(args.Skip(1));
        if (options.Help)
        {
            ctx.Out.WriteLine(Usage.For(command));
            return Task.FromResult(Success);
        }
        return command switch
        {
            _ when AttachCommands.Verbs.Contains(command) => AttachCommands.RunAsync(command, options, ctx),
            "ls" => Task.FromResult(CacheCommands.List(options, ctx)),
            "inspect" => Task.FromResult(CacheCommands.Inspect(options, ctx)),
            "conform" => ConformCommand.RunAsync(options, ctx),
            "exec" => ExecCommand.RunAsync(options, ctx),
            "oci-hook" => OciHookCommand.RunAsync(options, ctx),
            "audit" => Task.FromResult(AuditCommand.Run(options, ctx)),
            "repair" => RepairCommand.RunAsync(options, ctx),
            _ => throw new UsageException($"unknown command \"{command}\""),
        };
    }
}
