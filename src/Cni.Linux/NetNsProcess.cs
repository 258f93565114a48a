using System.Diagnostics;
using System.Runtime.InteropServices;
using static Cni.Linux.Interop.Libc;

namespace Cni.Linux;

/// <summary>Starts programs inside a network namespace and relays signals to them.</summary>
public static class NetNsProcess
{
    /// <summary>
    /// Starts <paramref name="info"/> inside <paramref name="ns"/>. The child is forked from a thread that has entered
    /// the namespace, and a forked child inherits its parent thread's network namespace; every other namespace
    /// (mount, PID, user) stays the caller's, so <c>/sys</c> still shows the host's interfaces.
    /// </summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The program cannot be started.</exception>
    /// <exception cref="LinuxException">The namespace cannot be entered.</exception>
    public static Process Start(NetNs ns, ProcessStartInfo info)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(info);
        return ns.Run(() => Process.Start(info)) ?? throw new InvalidOperationException($"no process started for {info.FileName}");
    }

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>; a process that is gone is no error.</summary>
    /// <returns>False when the process no longer exists.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A signal without a fixed Linux number.</exception>
    /// <exception cref="LinuxException">kill(2) failed otherwise.</exception>
    public static bool Signal(int pid, PosixSignal signal)
    {
        if (kill(pid, Number(signal)) == 0)
        {
            return true;
        }
        var errno = Marshal.GetLastPInvokeError();
        return errno == ESRCH ? false : throw new LinuxException(errno, $"sending {signal} to process {pid}");
    }

    /// <summary>The Linux number of a signal, for exit statuses (128 + number).</summary>
    public static int Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => SIGHUP,
        PosixSignal.SIGINT => SIGINT,
        PosixSignal.SIGQUIT => SIGQUIT,
        PosixSignal.SIGTERM => SIGTERM,
        _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "no fixed Linux signal number"),
    };
}
