using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Cni.CriClient;

/// <summary>Non-OK gRPC status of a call (grpc-status trailer), or a transport-level failure.</summary>
public sealed class GrpcException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>
/// Unary gRPC calls by hand: HTTP/2 with prior knowledge (cleartext) over a unix socket, each message framed
/// with the 5-byte prefix (compressed flag 0, big-endian length), the status read from the grpc-status trailer
/// (or the headers, for a trailers-only response).
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly HttpClient http;

    public GrpcChannel(string socketPath, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        http = new HttpClient(handler)
        {
            BaseAddress = new Uri("http://localhost"),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = timeout,
        };
    }

    public void Dispose() => http.Dispose();

    /// <summary>Calls <c>/SERVICE/METHOD</c> with one request message, returns the one response message.</summary>
    public async Task<byte[]> CallAsync(string path, byte[] request)
    {
        var body = new byte[5 + request.Length];
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1, 4), (uint)request.Length);
        request.CopyTo(body, 5);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var msg = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        msg.Headers.TryAddWithoutValidation("te", "trailers");
        using var response = await http.SendAsync(msg, HttpCompletionOption.ResponseContentRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new GrpcException(-1, $"{path}: HTTP {(int)response.StatusCode}");
        }
        var payload = await response.Content.ReadAsByteArrayAsync();
        var status = Header(response, "grpc-status");
        if (status is null)
        {
            throw new GrpcException(-1, $"{path}: no grpc-status in the response");
        }
        if (status != "0")
        {
            var text = Uri.UnescapeDataString(Header(response, "grpc-message") ?? "");
            throw new GrpcException(int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), $"{path}: grpc-status {status}: {text}");
        }
        if (payload.Length < 5)
        {
            throw new GrpcException(-1, $"{path}: response has no message ({payload.Length} bytes)");
        }
        if (payload[0] != 0)
        {
            throw new GrpcException(-1, $"{path}: compressed response (flag {payload[0]}) not supported");
        }
        var len = BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(1, 4));
        if (len > payload.Length - 5)
        {
            throw new GrpcException(-1, $"{path}: response message truncated ({len} announced, {payload.Length - 5} read)");
        }
        return payload.AsSpan(5, (int)len).ToArray();
    }

    private static string? Header(HttpResponseMessage r, string name) =>
        r.TrailingHeaders.TryGetValues(name, out var t) ? t.FirstOrDefault()
        : r.Headers.TryGetValues(name, out var h) ? h.FirstOrDefault()
        : null;
}
