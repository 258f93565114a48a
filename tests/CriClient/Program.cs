using System.Globalization;
using System.Text.Json;
using Cni.CriClient;

// A minimal CRI client (k8s.io/cri-api runtime.v1 RuntimeService) for tests/runtimes/cri.sh: the pod sandbox
// calls the kubelet makes, and their network-relevant fields only. Output is line-oriented `key=value` for bash.
//
//   CriClient --socket PATH [--timeout SEC] version
//   CriClient ... runp --name N --uid U --namespace NS [--attempt N] [--hostname H] [--log-dir D]
//                      [--cgroup-parent P] [--port PROTO:CONTAINER:HOST[:HOSTIP]]... [--annotation K=V]...
//                      [--label K=V]...                          -> prints the sandbox id
//   CriClient ... status ID [--info FILE]   -> id=, state=, name=, namespace=, ip=, additional_ip= (each),
//                                              netns= and pid= (from the verbose info, when the runtime gives them)
//   CriClient ... stopp ID | rmp ID
//   CriClient ... pods [--id ID] [--state ready|notready] [--label K=V]...  -> "ID STATE NAMESPACE/NAME" lines
// Exit status: 0 ok, 1 gRPC/transport error (printed on stderr, with the gRPC code), 2 usage.

const string Service = "/runtime.v1.RuntimeService/";
string? socket = null;
var timeout = 60;
var rest = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--socket" when i + 1 < args.Length:
            socket = args[++i];
            break;
        case "--timeout" when i + 1 < args.Length:
            timeout = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            rest.Add(args[i]);
            break;
    }
}
if (socket is null || rest.Count == 0)
{
    return Usage("--socket PATH and a command are required");
}

using var channel = new GrpcChannel(socket, TimeSpan.FromSeconds(timeout));
try
{
    return rest[0] switch
    {
        "version" => await VersionAsync(),
        "runp" => await RunPodAsync(rest.Skip(1).ToList()),
        "status" when rest.Count >= 2 => await StatusAsync(rest[1], Option(rest, "--info")),
        "stopp" when rest.Count == 2 => await SimpleAsync("StopPodSandbox", rest[1]),
        "rmp" when rest.Count == 2 => await SimpleAsync("RemovePodSandbox", rest[1]),
        "pods" => await ListAsync(rest.Skip(1).ToList()),
        _ => Usage($"unknown command or missing argument: {string.Join(' ', rest)}"),
    };
}
catch (GrpcException e)
{
    Console.Error.WriteLine($"CriClient: {e.Message}");
    return 1;
}
catch (HttpRequestException e)
{
    Console.Error.WriteLine($"CriClient: cannot talk to {socket}: {e.Message} {e.InnerException?.Message}");
    return 1;
}
catch (TaskCanceledException)
{
    Console.Error.WriteLine($"CriClient: no answer from {socket} within {timeout}s");
    return 1;
}

static int Usage(string why)
{
    Console.Error.WriteLine($"CriClient: {why}");
    Console.Error.WriteLine("usage: CriClient --socket PATH [--timeout SEC] version | runp ... | status ID | stopp ID | rmp ID | pods");
    return 2;
}

static string? Option(List<string> a, string name)
{
    var i = a.IndexOf(name);
    return i >= 0 && i + 1 < a.Count ? a[i + 1] : null;
}

static List<KeyValuePair<string, string>> Pairs(List<string> a, string name)
{
    var list = new List<KeyValuePair<string, string>>();
    for (var i = 0; i + 1 < a.Count; i++)
    {
        if (a[i] == name)
        {
            var kv = a[++i];
            var eq = kv.IndexOf('=', StringComparison.Ordinal);
            list.Add(eq < 0 ? new(kv, "") : new(kv[..eq], kv[(eq + 1)..]));
        }
    }
    return list;
}

static string StateName(ulong s) => s switch { 0 => "SANDBOX_READY", 1 => "SANDBOX_NOTREADY", _ => $"STATE_{s}" };

// PodSandboxMetadata { name = 1; uid = 2; namespace = 3; attempt = 4 }
static (string Name, string Uid, string Namespace) Metadata(ReadOnlyMemory<byte> m)
{
    string name = "", uid = "", ns = "";
    foreach (var f in ProtoReader.Fields(m))
    {
        switch (f.Number)
        {
            case 1: name = f.AsString(); break;
            case 2: uid = f.AsString(); break;
            case 3: ns = f.AsString(); break;
        }
    }
    return (name, uid, ns);
}

async Task<int> VersionAsync()
{
    // VersionRequest { version = 1 } -> VersionResponse { version = 1; runtime_name = 2; runtime_version = 3;
    // runtime_api_version = 4 }
    var resp = await channel.CallAsync(Service + "Version", new ProtoWriter().String(1, "v1").ToArray());
    foreach (var f in ProtoReader.Fields(resp))
    {
        var key = f.Number switch { 1 => "version", 2 => "runtime_name", 3 => "runtime_version", 4 => "runtime_api_version", _ => null };
        if (key is not null)
        {
            Console.WriteLine($"{key}={f.AsString()}");
        }
    }
    return 0;
}

async Task<int> RunPodAsync(List<string> a)
{
    var name = Option(a, "--name");
    var uid = Option(a, "--uid");
    var ns = Option(a, "--namespace");
    if (name is null || uid is null || ns is null)
    {
        return Usage("runp needs --name, --uid and --namespace");
    }
    var ports = new List<(int Proto, int Container, int Host, string HostIp)>();
    for (var i = 0; i + 1 < a.Count; i++)
    {
        if (a[i] != "--port")
        {
            continue;
        }
        var p = a[++i].Split(':');
        if (p.Length is < 3 or > 4)
        {
            return Usage($"--port {a[i]}: PROTO:CONTAINER:HOST[:HOSTIP] expected");
        }
        var proto = p[0].ToUpperInvariant() switch { "TCP" => 0, "UDP" => 1, "SCTP" => 2, _ => -1 };
        if (proto < 0)
        {
            return Usage($"--port {a[i]}: protocol tcp, udp or sctp");
        }
        ports.Add((proto, int.Parse(p[1], CultureInfo.InvariantCulture), int.Parse(p[2], CultureInfo.InvariantCulture), p.Length == 4 ? p[3] : ""));
    }
    var attempt = uint.Parse(Option(a, "--attempt") ?? "0", CultureInfo.InvariantCulture);
    // RunPodSandboxRequest { PodSandboxConfig config = 1; string runtime_handler = 2 }
    // PodSandboxConfig { metadata = 1; hostname = 2; log_directory = 3; dns_config = 4; port_mappings = 5;
    //                    labels = 6; annotations = 7; linux = 8 }
    // PortMapping { Protocol protocol = 1; int32 container_port = 2; int32 host_port = 3; string host_ip = 4 }
    // LinuxPodSandboxConfig { cgroup_parent = 1; LinuxSandboxSecurityContext security_context = 2 }
    // LinuxSandboxSecurityContext { NamespaceOption namespace_options = 1 }
    // NamespaceOption { NamespaceMode network = 1; pid = 2; ipc = 3 } (POD = 0: the pod's own network namespace)
    var config = new ProtoWriter()
        .Message(1, m => m.String(1, name).String(2, uid).String(3, ns).Varint(4, attempt))
        .String(2, Option(a, "--hostname") ?? name)
        .String(3, Option(a, "--log-dir"));
    foreach (var (proto, container, host, hostIp) in ports)
    {
        config.Message(5, m => m.Varint(1, (ulong)proto).Int32(2, container).Int32(3, host).String(4, hostIp));
    }
    config.Map(6, Pairs(a, "--label"))
        .Map(7, Pairs(a, "--annotation"))
        .Message(8, l => l.String(1, Option(a, "--cgroup-parent"))
            .Message(2, sc => sc.Message(1, no => no.Varint(1, 0).Varint(2, 1).Varint(3, 0))));
    var resp = await channel.CallAsync(Service + "RunPodSandbox", new ProtoWriter().Message(1, config).ToArray());
    var id = ProtoReader.Fields(resp).Where(f => f.Number == 1).Select(f => f.AsString()).FirstOrDefault();
    if (string.IsNullOrEmpty(id))
    {
        Console.Error.WriteLine("CriClient: RunPodSandbox returned no pod_sandbox_id");
        return 1;
    }
    Console.WriteLine(id);
    return 0;
}

async Task<int> StatusAsync(string id, string? infoFile)
{
    // PodSandboxStatusRequest { pod_sandbox_id = 1; verbose = 2 } -> PodSandboxStatusResponse
    // { PodSandboxStatus status = 1; map<string,string> info = 2 }
    // PodSandboxStatus { id = 1; metadata = 2; state = 3; created_at = 4; PodSandboxNetworkStatus network = 5 }
    // PodSandboxNetworkStatus { string ip = 1; repeated PodIP additional_ips = 2 }; PodIP { string ip = 1 }
    var resp = await channel.CallAsync(Service + "PodSandboxStatus", new ProtoWriter().String(1, id).Bool(2, true).ToArray());
    var info = new Dictionary<string, string>(StringComparer.Ordinal);
    foreach (var f in ProtoReader.Fields(resp))
    {
        if (f.Number == 1)
        {
            var state = 0UL;
            foreach (var s in ProtoReader.Fields(f.Bytes))
            {
                switch (s.Number)
                {
                    case 1:
                        Console.WriteLine($"id={s.AsString()}");
                        break;
                    case 2:
                        var (n, _, ns) = Metadata(s.Bytes);
                        Console.WriteLine($"name={n}");
                        Console.WriteLine($"namespace={ns}");
                        break;
                    case 3:
                        state = s.Varint;
                        break;
                    case 5:
                        foreach (var net in ProtoReader.Fields(s.Bytes))
                        {
                            if (net.Number == 1)
                            {
                                Console.WriteLine($"ip={net.AsString()}");
                            }
                            else if (net.Number == 2)
                            {
                                foreach (var podIp in ProtoReader.Fields(net.Bytes).Where(x => x.Number == 1))
                                {
                                    Console.WriteLine($"additional_ip={podIp.AsString()}");
                                }
                            }
                        }
                        break;
                }
            }
            Console.WriteLine($"state={StateName(state)}");
        }
        else if (f.Number == 2)
        {
            var (k, v) = ProtoReader.MapEntry(f.Bytes);
            info[k] = v;
        }
    }
    if (infoFile is not null)
    {
        await File.WriteAllTextAsync(infoFile, string.Join('\n', info.Select(kv => $"{kv.Key}: {kv.Value}")) + "\n");
    }
    if (info.TryGetValue("info", out var json))
    {
        PrintInfo(json);
    }
    return 0;
}

// containerd's verbose info: a JSON document with the sandbox's pid and its network namespace path.
static void PrintInfo(string json)
{
    try
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.TryGetProperty("pid", out var pid) && pid.ValueKind == JsonValueKind.Number)
        {
            Console.WriteLine($"pid={pid.GetRawText()}");
        }
        string? netns = null;
        if (root.TryGetProperty("netNamespacePath", out var p) && p.ValueKind == JsonValueKind.String)
        {
            netns = p.GetString();
        }
        else if (root.TryGetProperty("runtimeSpec", out var spec) && spec.TryGetProperty("linux", out var linux)
            && linux.TryGetProperty("namespaces", out var nss) && nss.ValueKind == JsonValueKind.Array)
        {
            netns = nss.EnumerateArray()
                .Where(n => n.TryGetProperty("type", out var t) && t.GetString() == "network" && n.TryGetProperty("path", out _))
                .Select(n => n.GetProperty("path").GetString())
                .FirstOrDefault();
        }
        if (!string.IsNullOrEmpty(netns))
        {
            Console.WriteLine($"netns={netns}");
        }
    }
    catch (JsonException e)
    {
        Console.Error.WriteLine($"CriClient: the verbose info is not JSON: {e.Message}");
    }
}

async Task<int> SimpleAsync(string method, string id)
{
    // StopPodSandboxRequest / RemovePodSandboxRequest { pod_sandbox_id = 1 }, empty responses.
    await channel.CallAsync(Service + method, new ProtoWriter().String(1, id).ToArray());
    return 0;
}

async Task<int> ListAsync(List<string> a)
{
    // ListPodSandboxRequest { PodSandboxFilter filter = 1 }
    // PodSandboxFilter { id = 1; PodSandboxStateValue state = 2; map<string,string> label_selector = 3 }
    // ListPodSandboxResponse { repeated PodSandbox items = 1 }; PodSandbox { id = 1; metadata = 2; state = 3 }
    var state = Option(a, "--state");
    var filter = new ProtoWriter().String(1, Option(a, "--id"));
    if (state is not null)
    {
        // PodSandboxStateValue is a message: presence means "filter on state", even for SANDBOX_READY (0).
        filter.Message(2, s => s.Varint(1, state == "notready" ? 1UL : 0UL));
    }
    filter.Map(3, Pairs(a, "--label"));
    var resp = await channel.CallAsync(Service + "ListPodSandbox", new ProtoWriter().Message(1, filter).ToArray());
    foreach (var item in ProtoReader.Fields(resp).Where(f => f.Number == 1))
    {
        string id = "", name = "", ns = "";
        var st = 0UL;
        foreach (var f in ProtoReader.Fields(item.Bytes))
        {
            switch (f.Number)
            {
                case 1: id = f.AsString(); break;
                case 2: (name, _, ns) = Metadata(f.Bytes); break;
                case 3: st = f.Varint; break;
            }
        }
        Console.WriteLine($"{id} {StateName(st)} {ns}/{name}");
    }
    return 0;
}
