using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Cni.Linux.DBus;

/// <summary>
/// A minimal client connection to a message bus: unix socket, SASL <c>EXTERNAL</c>, <c>Hello</c>, then blocking
/// method calls, each bounded by the connection's timeout. Signals and unrelated messages are dropped (we add no
/// match rules, so only the bus' unicast <c>NameAcquired</c> arrives). Not thread-safe.
/// </summary>
public sealed class DBusConnection : IDisposable
{
    private const string BusName = "org.freedesktop.DBus";
    private const string BusPath = "/org/freedesktop/DBus";

    private readonly Socket _socket;
    private readonly TimeSpan _timeout;
    private readonly string _address;
    private uint _serial;

    private DBusConnection(Socket socket, string address, TimeSpan timeout)
    {
        _socket = socket;
        _address = address;
        _timeout = timeout;
    }

    /// <summary>Our unique name on the bus (from <c>Hello</c>), e.g. <c>:1.42</c>.</summary>
    public string UniqueName { get; private set; } = "";

    /// <summary>Connects to the system bus: <c>DBUS_SYSTEM_BUS_ADDRESS</c>, else <c>unix:path=/run/dbus/system_bus_socket</c>.</summary>
    public static DBusConnection ConnectSystemBus(TimeSpan timeout) => Connect(DBusAddress.SystemBus, timeout);

    /// <summary>Connects to the bus at <paramref name="address"/> (the first of its unix sockets that accepts), authenticates and says <c>Hello</c>.</summary>
    /// <exception cref="DBusException">No socket accepted, authentication failed, or the bus did not answer in time.</exception>
    public static DBusConnection Connect(string address, TimeSpan timeout)
    {
        SocketException? last = null;
        foreach (var endpoint in DBusAddress.Parse(address))
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(endpoint);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
                continue;
            }
            var connection = new DBusConnection(socket, address, timeout);
            try
            {
                connection.Authenticate();
                connection.UniqueName = (string)connection.Call(BusName, BusPath, BusName, "Hello")[0];
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        throw new DBusException($"connecting to the D-Bus bus at {address}: {last?.Message ?? "no socket"}", last);
    }

    /// <summary>Calls <paramref name="member"/> and waits for its reply (arguments: <c>string</c>, <c>bool</c>, <c>int</c>, <c>uint</c>, <c>string[]</c>).</summary>
    /// <returns>The reply's body values.</returns>
    /// <exception cref="DBusException">An <c>ERROR</c> reply (with <see cref="DBusException.ErrorName"/>), a broken connection or a timeout.</exception>
    public object[] Call(string destination, string path, string @interface, string member, params object[] args)
    {
        var serial = ++_serial;
        var deadline = DateTime.UtcNow + _timeout;
        Send(DBusMessage.MethodCall(serial, destination, path, @interface, member, args).Encode(), deadline);
        while (true)
        {
            var message = Receive(deadline, $"{@interface}.{member}");
            if (message.ReplySerial != serial || message.Type is not (DBusMessageType.MethodReturn or DBusMessageType.Error))
            {
                continue;
            }
            var body = message.ReadBody();
            if (message.Type == DBusMessageType.Error)
            {
                var name = message.ErrorName ?? "org.freedesktop.DBus.Error.Failed";
                throw new DBusException(name, body is [string text, ..] ? text : name);
            }
            return body;
        }
    }

    /// <summary>Whether some connection owns <paramref name="name"/> (<c>org.freedesktop.DBus.NameHasOwner</c>).</summary>
    public bool NameHasOwner(string name) => Call(BusName, BusPath, BusName, "NameHasOwner", name) is [true, ..];

    /// <inheritdoc/>
    public void Dispose() => _socket.Dispose();

    /// <summary>SASL: a NUL byte, <c>AUTH EXTERNAL &lt;hex of our uid&gt;</c>, <c>OK &lt;guid&gt;</c>, <c>BEGIN</c>.</summary>
    private void Authenticate()
    {
        var deadline = DateTime.UtcNow + _timeout;
        var uid = Encoding.ASCII.GetBytes(EffectiveUid().ToString(CultureInfo.InvariantCulture));
        Send(Encoding.ASCII.GetBytes("\0AUTH EXTERNAL " + Convert.ToHexStringLower(uid) + "\r\n"), deadline);
        var answer = ReadLine(deadline);
        if (!answer.StartsWith("OK ", StringComparison.Ordinal))
        {
            throw new DBusException($"authenticating to the D-Bus bus at {_address}: the bus answered \"{answer}\"");
        }
        Send("BEGIN\r\n"u8.ToArray(), deadline);
    }

    private string ReadLine(DateTime deadline)
    {
        var line = new List<byte>();
        Span<byte> one = stackalloc byte[1];
        while (line.Count < 2 || line[^2] != '\r' || line[^1] != '\n')
        {
            if (line.Count > 4096)
            {
                throw new DBusException($"authenticating to the D-Bus bus at {_address}: overlong answer");
            }
            ReceiveExactly(one, deadline, "authentication");
            line.Add(one[0]);
        }
        return Encoding.ASCII.GetString([.. line], 0, line.Count - 2);
    }

    private DBusMessage Receive(DateTime deadline, string waitingFor)
    {
        var prefix = new byte[DBusMessage.PrefixLength];
        ReceiveExactly(prefix, deadline, waitingFor);
        var message = new byte[DBusMessage.TotalLength(prefix)];
        prefix.CopyTo(message, 0);
        ReceiveExactly(message.AsSpan(prefix.Length), deadline, waitingFor);
        return DBusMessage.Decode(message);
    }

    private void ReceiveExactly(Span<byte> buffer, DateTime deadline, string waitingFor)
    {
        while (buffer.Length > 0)
        {
            _socket.ReceiveTimeout = Remaining(deadline, waitingFor);
            int n;
            try
            {
                n = _socket.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                throw TimedOut(waitingFor);
            }
            catch (SocketException e)
            {
                throw new DBusException($"reading from the D-Bus bus at {_address}: {e.Message}", e);
            }
            if (n == 0)
            {
                throw new DBusException($"the D-Bus bus at {_address} closed the connection while we waited for {waitingFor}");
            }
            buffer = buffer[n..];
        }
    }

    private void Send(byte[] bytes, DateTime deadline)
    {
        _socket.SendTimeout = Remaining(deadline, "sending");
        try
        {
            _socket.Send(bytes);
        }
        catch (SocketException e)
        {
            throw new DBusException($"writing to the D-Bus bus at {_address}: {e.Message}", e);
        }
    }

    private int Remaining(DateTime deadline, string waitingFor)
    {
        var ms = (deadline - DateTime.UtcNow).TotalMilliseconds;
        return ms >= 1 ? (int)Math.Ceiling(ms) : throw TimedOut(waitingFor);
    }

    private DBusException TimedOut(string waitingFor) =>
        new($"no answer from the D-Bus bus at {_address} to {waitingFor} within {_timeout.TotalSeconds:0.###}s");

    /// <summary>The effective uid, which the bus compares with the socket's peer credentials (no libc call needed).</summary>
    private static uint EffectiveUid()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                return uint.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
            }
        }
        throw new DBusException("cannot find our uid in /proc/self/status");
    }
}
