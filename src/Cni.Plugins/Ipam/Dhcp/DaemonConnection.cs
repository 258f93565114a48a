using System.Net.Sockets;

namespace Cni.Plugins.Ipam.Dhcp;

/// <summary>The plugin's side of the unix socket: connect, send one request line, read one response line.</summary>
internal static class DaemonConnection
{
    /// <summary>Calls the daemon and returns its result (null for an empty one).</summary>
    /// <exception cref="CniException">The daemon's error; <c>error dialing DHCP daemon: ...</c> when it cannot be reached.</exception>
    public static ICniResult? Call(string socketPath, DaemonRequest request, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        }
        catch (SocketException e)
        {
            throw new CniException(CniErrorCode.Internal, $"error dialing DHCP daemon: dial unix {socketPath}: {e.Message}");
        }
        socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        socket.SendTimeout = (int)timeout.TotalMilliseconds;
        try
        {
            socket.Send(DaemonProtocol.EncodeRequest(request));
            return DaemonProtocol.DecodeResponse(ReadLine(socket));
        }
        catch (SocketException e)
        {
            throw new CniException(CniErrorCode.Internal, $"no answer from the DHCP daemon ({request.Method}): {e.Message}");
        }
    }

    /// <summary>Reads up to a newline or the end of the stream; a message larger than 1 MiB is cut there.</summary>
    public static byte[] ReadLine(Socket socket)
    {
        const int Limit = 1 << 20;
        using var line = new MemoryStream();
        var buffer = new byte[8192];
        while (line.Length < Limit)
        {
            int n = socket.Receive(buffer);
            if (n == 0)
            {
                break;
            }
            int newline = Array.IndexOf(buffer, (byte)'\n', 0, n);
            line.Write(buffer, 0, newline < 0 ? n : newline);
            if (newline >= 0)
            {
                break;
            }
        }
        return line.ToArray();
    }
}
