using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Cni.Linux;

namespace Cni.Tool.Internal;

/// <summary>
/// <c>cnitool exec &lt;net&gt; -- CMD...</c>: a fresh namespace, attached to the network, the command run inside it, then
/// detached and removed — also when the command fails, or when SIGINT, SIGTERM or SIGHUP arrives.
/// </summary>
internal static class ExecCommand
{
    /// <summary>The shell's status for a command that cannot be run.</summary>
    private const int CannotRun = 127;

    public static async Task<int> RunAsync(Options o, ToolContext ctx)
    {
        var (network, command) = Split(o);
        var list = ConfigFiles.LoadNetworkConfig(ctx.ConfDir, network);
        var name = "cnitool-exec-" + Guid.NewGuid().ToString("N")[..12];
        var ns = NetNs.Create(name);
        var rt = new RuntimeConf
        {
            ContainerId = AttachCommands.ContainerIdFor(ns.Path),
            NetNS = ns.Path,
            IfName = o.IfName ?? (ctx.GetEnv("CNI_IFNAME") is { Length: > 0 } i ? i : "eth0"),
            Args = AttachCommands.ParseCniArgs(ctx.GetEnv("CNI_ARGS")),
            CapabilityArgs = AttachCommands.ParseCapabilityArgs(ctx.GetEnv("CAP_ARGS")),
        };
        var timing = new TimingExecutor(ctx.Executor ?? new PluginExecutor(ctx.Err, runOnCallingThread: true));
        var cni = new CniConfig(ctx.PluginDirs, o.CacheDir, timing) { PluginTimeout = o.Timeout };
        using var relay = new SignalRelay();
        int status = CniTool.Failure;
        try
        {
            await cni.AddNetworkListAsync(list, rt).ConfigureAwait(false);
            status = relay.Received is > 0 and var early ? 128 + early : await RunInsideAsync(ns, command, relay, ctx).ConfigureAwait(false);
        }
        catch (CniException e)
        {
            ctx.Err.WriteLine($"cnitool exec: attaching to {network}: {e.Message}");
        }
        finally
        {
            // Like a runtime after a failed ADD, DEL also undoes what a partial ADD left.
            try
            {
                await cni.DelNetworkListAsync(list, rt).ConfigureAwait(false);
            }
            catch (CniException e)
            {
                ctx.Err.WriteLine($"cnitool exec: detaching from {network}: {e.Message}");
                status = status == CniTool.Success ? CniTool.Failure : status;
            }
            ns.Dispose();
            NetNs.Delete(name);
            if (o.Timings)
            {
                AttachCommands.PrintTimings(timing, o.Json, ctx.Err);
            }
        }
        return status;
    }

    private static (string Network, List<string> Command) Split(Options o)
    {
        int at = o.DashDashAt ?? Math.Min(1, o.Positional.Count);
        if (at != 1 || o.Positional.Count <= at)
        {
            throw new UsageException("\"exec\" requires <net> -- <command> [args...]");
        }
        return (o.Positional[0], o.Positional[at..]);
    }

    private static async Task<int> RunInsideAsync(NetNs ns, List<string> command, SignalRelay relay, ToolContext ctx)
    {
        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        command.Skip(1).ToList().ForEach(info.ArgumentList.Add);
        Process process;
        try
        {
            process = NetNsProcess.Start(ns, info);
        }
        catch (Win32Exception e)
        {
            ctx.Err.WriteLine($"cnitool exec: {command[0]}: {e.Message}");
            return CannotRun;
        }
        using (process)
        {
            relay.Child = process.Id;
            await process.WaitForExitAsync().ConfigureAwait(false);
            relay.Child = 0;
            return process.ExitCode;
        }
    }

    /// <summary>
    /// Keeps the signals that would end the tool from ending it before cleanup, and relays SIGTERM and SIGHUP to the
    /// command. SIGINT and SIGQUIT are not relayed: from a terminal they already reach the whole foreground process
    /// group, and a command that handles them should not see them twice.
    /// </summary>
    private sealed class SignalRelay : IDisposable
    {
        private readonly PosixSignalRegistration[] _registrations;

        public SignalRelay() => _registrations =
        [
            .. new[] { PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }
                .Select(s => PosixSignalRegistration.Create(s, OnSignal)),
        ];

        private int _signal;
        private int _child;

        /// <summary>The number of the first signal received, or 0.</summary>
        public int Received => Volatile.Read(ref _signal);

        /// <summary>The command's process ID while it runs, else 0.</summary>
        public int Child
        {
            get => Volatile.Read(ref _child);
            set => Volatile.Write(ref _child, value);
        }

        public void Dispose()
        {
            foreach (var r in _registrations)
            {
                r.Dispose();
            }
        }

        private void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            Interlocked.CompareExchange(ref _signal, NetNsProcess.Number(context.Signal), 0);
            if (context.Signal is PosixSignal.SIGTERM or PosixSignal.SIGHUP && Child is var pid and > 0)
            {
                NetNsProcess.Signal(pid, context.Signal);
            }
        }
    }
}
