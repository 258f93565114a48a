using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>
/// <c>dhcp daemon</c>: listens on a unix socket (or the one systemd passes), serves one request per connection, and
/// keeps the leases it acquired. SIGINT/SIGTERM remove the socket and the PID file; leases are neither released nor
/// persisted (as in Go).
/// </summary>
internal sealed class DhcpDaemon : IDisposable
{
    private static readonly TimeSpan s_readTimeout = TimeSpan.FromSeconds(30);

    private readonly Socket _listener;
    private readonly string? _socketFile;
    private readonly LeaseManager _leases;
    private volatile bool _stopping;

    private DhcpDaemon(DaemonOptions options, Socket listener, string? socketFile)
    {
        _listener = listener;
        _socketFile = socketFile;
        _leases = new LeaseManager(options, TimeProvider.System, Log);
    }

    public static int Run(IReadOnlyList<string> args)
    {
        DaemonOptions options;
        try
        {
            options = DaemonOptions.Parse(args);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.Write(DaemonOptions.Usage);
            return 2;
        }
        try
        {
            WritePidFile(options.PidFile);
            using var daemon = Start(options);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, daemon.OnSignal);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, daemon.OnSignal);
            daemon.Serve();
            return 0;
        }
        catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException or InvalidOperationException or PlatformNotSupportedException)
        {
            Log(e.Message);
            return 1;
        }
        finally
        {
            if (options.PidFile.Length > 0 && Path.IsPathFullyQualified(options.PidFile))
            {
                File.Delete(options.PidFile);
            }
        }
    }

    private static DhcpDaemon Start(DaemonOptions options)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the dhcp daemon runs on Linux only");
        }
        if (ActivatedSocket() is { } activated)
        {
            Log("listening on the socket passed by systemd");
            return new DhcpDaemon(options, activated, socketFile: null);
        }
        var path = options.ListenPath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        RemoveStaleSocket(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(128);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        Log($"listening on {path}");
        return new DhcpDaemon(options, listener, path);
    }

    // Go refuses to start over a leftover socket file ("address already in use"); one nobody answers on is removed.
    private static void RemoveStaleSocket(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            File.Delete(path);
            return;
        }
        throw new InvalidOperationException($"another dhcp daemon is listening on {path}");
    }

    /// <summary>systemd socket activation (<c>LISTEN_PID</c>, <c>LISTEN_FDS</c>): the first passed descriptor is 3.</summary>
    private static Socket? ActivatedSocket()
    {
        var fds = Environment.GetEnvironmentVariable("LISTEN_FDS");
        var pid = Environment.GetEnvironmentVariable("LISTEN_PID");
        if (string.IsNullOrEmpty(fds) || pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }
        int count = int.TryParse(fds, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        if (count > 1)
        {
            throw new InvalidOperationException($"Too many ({count}) FDs passed through socket activation");
        }
        if (count == 0)
        {
            throw new InvalidOperationException("LISTEN_FDS=1 but no FD found");
        }
        return new Socket(new SafeSocketHandle(3, ownsHandle: true));
    }

    private static void WritePidFile(string pidFile)
    {
        if (pidFile.Length == 0)
        {
            return;
        }
        if (!Path.IsPathFullyQualified(pidFile))
        {
            throw new IOException($"Error writing pidfile \"{pidFile}\": path not absolute");
        }
        File.WriteAllText(pidFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Log($"received {context.Signal}, shutting down");
        _stopping = true;
        _listener.Dispose();
    }

    private void Serve()
    {
        while (!_stopping)
        {
            Socket connection;
            try
            {
                connection = _listener.Accept();
            }
            catch (Exception e) when (_stopping && e is SocketException or ObjectDisposedException)
            {
                break;
            }
            new Thread(() => Handle(connection)) { IsBackground = true, Name = "dhcp request" }.Start();
        }
    }

    private void Handle(Socket connection)
    {
        using (connection)
        {
            byte[] response;
            try
            {
                connection.ReceiveTimeout = (int)s_readTimeout.TotalMilliseconds;
                var request = DaemonProtocol.DecodeRequest(DaemonConnection.ReadLine(connection));
                response = DaemonProtocol.EncodeResult(_leases.Handle(request));
            }
            catch (Exception e)
            {
                var error = CniException.From(e);
                Log($"request failed: {error.Msg}");
                response = DaemonProtocol.EncodeError(error);
            }
            try
            {
                connection.Send(response);
            }
            catch (SocketException e)
            {
                Log($"cannot answer the plugin: {e.Message}");
            }
        }
    }

    public static void Log(string message) =>
        Console.Error.WriteLine($"{DateTime.UtcNow.ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture)} {message}");

    public void Dispose()
    {
        _listener.Dispose();
        _leases.Dispose();
        if (_socketFile is not null)
        {
            File.Delete(_socketFile);
        }
    }
}
