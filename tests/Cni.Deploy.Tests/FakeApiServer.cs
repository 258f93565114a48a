using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Cni.Deploy.Tests;

/// <summary>
/// Just enough of a Kubernetes API server on 127.0.0.1 for <c>kubectl apply --dry-run=client</c>: discovery
/// for v1 (configmaps, namespaces) and apps/v1 (daemonsets), the OpenAPI v2 schema kubectl validates against
/// (protobuf, from <c>TestData/k8s-v1.13-openapi-subset.json</c>), and 404 for every object, so each apply is a
/// dry-run create. It stores nothing: every check is kubectl's own.
/// </summary>
internal sealed class FakeApiServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _openApi;
    private readonly Task _loop;

    public FakeApiServer()
    {
        using (var doc = JsonDocument.Parse(File.ReadAllBytes(Repo.TestData("k8s-v1.13-openapi-subset.json"))))
        {
            _openApi = OpenApiProto.Encode(doc.RootElement);
        }
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The paths kubectl asked for, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            var path = ctx.Request.Url!.AbsolutePath;
            Requests.Enqueue(ctx.Request.HttpMethod + " " + path);
            var (status, type, body) = Answer(path);
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = type;
            ctx.Response.ContentLength64 = body.Length;
            await ctx.Response.OutputStream.WriteAsync(body);
            ctx.Response.Close();
        }
    }

    private (int, string, byte[]) Answer(string path) => path switch
    {
        "/openapi/v2" => (200, "application/octet-stream", _openApi),
        "/version" => Json("""{"major":"1","minor":"13","gitVersion":"v1.13.0"}"""),
        "/api" => Json("""{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1"}]}"""),
        "/apis" => Json("""{"kind":"APIGroupList","apiVersion":"v1","groups":[{"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}}]}"""),
        "/api/v1" => Json("""{"kind":"APIResourceList","groupVersion":"v1","resources":[{"name":"configmaps","singularName":"","namespaced":true,"kind":"ConfigMap","verbs":["create","delete","get","list","patch","update","watch"]},{"name":"namespaces","singularName":"","namespaced":false,"kind":"Namespace","verbs":["create","delete","get","list","patch","update","watch"]}]}"""),
        "/apis/apps/v1" => Json("""{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"apps/v1","resources":[{"name":"daemonsets","singularName":"","namespaced":true,"kind":"DaemonSet","verbs":["create","delete","get","list","patch","update","watch"]}]}"""),
        _ => (404, "application/json", Encoding.UTF8.GetBytes("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"not found","reason":"NotFound","code":404}""")),
    };

    private static (int, string, byte[]) Json(string body) => (200, "application/json", Encoding.UTF8.GetBytes(body));

    public async ValueTask DisposeAsync()
    {
        try
        {
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // The managed HttpListener binds the port again to remove its prefix; another test may hold it by now.
        }
        await _loop;
    }
}
