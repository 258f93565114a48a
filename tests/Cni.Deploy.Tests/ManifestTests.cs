using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cni.Deploy.Tests;

/// <summary>
/// deploy/*.yaml through <c>kubectl apply --dry-run=client</c> with validation on, against a local fake API
/// server (discovery + the Kubernetes v1.13 OpenAPI schema), so kubectl parses the objects and checks every
/// field against the schema; deliberately broken copies must fail.
/// </summary>
public sealed class ManifestTests
{
    private static readonly string DaemonSet = Repo.Deploy("cni-dotnet-daemonset.yaml");
    private static readonly string ConfigMap = Repo.Deploy("cni-dotnet-configmap.yaml");

    [Fact]
    public async Task Manifests_pass_kubectl_apply_client_dry_run_with_schema_validation()
    {
        await using var kubectl = new Kubectl();
        var (code, stdout, stderr) = await kubectl.ApplyDryRunAsync(DaemonSet, ConfigMap);
        Assert.True(code == 0, $"kubectl failed ({code}): {stderr}");
        Assert.Contains("daemonset.apps/cni-dotnet created (dry run)", stdout);
        Assert.Contains("configmap/cni-dotnet-config created (dry run)", stdout);
        // kubectl fetched the schema it validates against (validation really ran, it was not skipped).
        Assert.Contains("GET /openapi/v2", kubectl.Server.Requests);
        Assert.Contains("GET /apis/apps/v1/namespaces/kube-system/daemonsets/cni-dotnet", kubectl.Server.Requests);
    }

    public static TheoryData<string, string, string, string> Breakages => new()
    {
        // file, text to find, replacement, what kubectl must say
        { "cni-dotnet-daemonset.yaml", "imagePullPolicy:", "imagePulPolicy:", "unknown field \"imagePulPolicy\"" },
        { "cni-dotnet-daemonset.yaml", "maxUnavailable: 1", "maxUnavailable: [1]", "invalid type for io.k8s.apimachinery.pkg.util.intstr.IntOrString" },
        { "cni-dotnet-daemonset.yaml", "\n      containers:", "\n      containerz:", "missing required field \"containers\"" },
        { "cni-dotnet-daemonset.yaml", "  selector:\n", "  selectorr:\n", "missing required field \"selector\"" },
        { "cni-dotnet-daemonset.yaml", "path: /opt/cni/bin", "path: {dir: /opt/cni/bin}", "invalid type" },
        { "cni-dotnet-daemonset.yaml", "hostNetwork: true", "hostNetwork: [true]", "invalid type" },
        { "cni-dotnet-daemonset.yaml", "kind: DaemonSet", "kind: DaemonSett", "DaemonSett" },
        { "cni-dotnet-daemonset.yaml", "  template:\n", "  template: [\n", "error parsing" },
        { "cni-dotnet-configmap.yaml", "\ndata:", "\ndataa:", "unknown field \"dataa\"" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public async Task A_broken_copy_fails_the_dry_run(string file, string find, string replace, string expected)
    {
        await using var kubectl = new Kubectl();
        var text = await File.ReadAllTextAsync(Repo.Deploy(file));
        Assert.Contains(find, text);
        var broken = Path.Combine(kubectl.TempDir, "broken-" + file);
        await File.WriteAllTextAsync(broken, ReplaceFirst(text, find, replace));
        var (code, stdout, stderr) = await kubectl.ApplyDryRunAsync(broken);
        Assert.True(code != 0, $"kubectl accepted a broken manifest: {stdout}");
        Assert.Contains(expected, stderr);
    }

    [Fact]
    public async Task DaemonSet_installs_on_every_node_without_RBAC()
    {
        var ds = await ParsedAsync(DaemonSet);
        Assert.Equal("DaemonSet", (string?)ds["kind"]);
        Assert.Equal("kube-system", (string?)ds["metadata"]!["namespace"]);
        var pod = ds["spec"]!["template"]!["spec"]!;
        // RBAC-free: no service account named, no token mounted.
        Assert.Null(pod["serviceAccountName"]);
        Assert.Null(pod["serviceAccount"]);
        Assert.False((bool)pod["automountServiceAccountToken"]!);
        Assert.True((bool)pod["hostNetwork"]!);
        // One toleration that matches every taint.
        var toleration = Assert.Single(pod["tolerations"]!.AsArray())!;
        Assert.Equal("Exists", (string?)toleration["operator"]);
        Assert.Null(toleration["key"]);
        Assert.Null(toleration["effect"]);

        var volumes = pod["volumes"]!.AsArray().ToDictionary(v => (string)v!["name"]!, v => v!);
        Assert.Equal("/opt/cni/bin", (string?)volumes["cni-bin"]["hostPath"]!["path"]);
        Assert.Equal("/etc/cni/net.d", (string?)volumes["cni-net-d"]["hostPath"]!["path"]);
        Assert.True((bool)volumes["cni-config"]["configMap"]!["optional"]!);

        var init = Assert.Single(pod["initContainers"]!.AsArray())!;
        var script = Script(init);
        Assert.Contains("cp /usr/local/bin/cni /host/opt/cni/bin/.cni.new", script);
        Assert.Contains("mv -f /host/opt/cni/bin/.cni.new /host/opt/cni/bin/cni", script);
        Assert.Contains("/host/opt/cni/bin/cni install /host/opt/cni/bin --force", script);
        Assert.Contains("--conf bridge --conf-dir /host/etc/cni/net.d", script);
        Assert.Contains("/host/etc/cni/net.d/10-cni-dotnet.conflist", script);
        var mounts = init["volumeMounts"]!.AsArray().ToDictionary(m => (string)m!["name"]!, m => (string)m!["mountPath"]!);
        Assert.Equal("/host/opt/cni/bin", mounts["cni-bin"]);
        Assert.Equal("/host/etc/cni/net.d", mounts["cni-net-d"]);
        Assert.Equal("/etc/cni-dotnet", mounts["cni-config"]);

        // The long-running container only sleeps, with tiny requests.
        var main = Assert.Single(pod["containers"]!.AsArray())!;
        Assert.Equal(["/bin/sleep", "infinity"], main["command"]!.AsArray().Select(x => (string)x!).ToArray());
        Assert.Equal("1m", (string?)main["resources"]!["requests"]!["cpu"]);
        Assert.Equal("4Mi", (string?)main["resources"]!["requests"]!["memory"]);
    }

    [Fact]
    public async Task ConfigMap_holds_the_same_conflist_as_deploy_and_it_loads_with_Cni_Runtime()
    {
        var cm = await ParsedAsync(ConfigMap);
        var text = (string)cm["data"]!["10-cni-dotnet.conflist"]!;
        var file = await File.ReadAllTextAsync(Repo.Deploy("10-cni-dotnet.conflist"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(text), JsonNode.Parse(file)), "the ConfigMap's conflist differs from deploy/10-cni-dotnet.conflist");

        // Written as the init container writes it, the runtime library finds and loads it.
        var dir = Directory.CreateTempSubdirectory("cni-deploy-netd-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "10-cni-dotnet.conflist"), text);
            var list = Cni.Runtime.ConfigFiles.LoadNetworkConfig(dir, "cni-dotnet");
            Assert.Equal("1.1.0", list.CniVersion);
            Assert.Equal(["bridge", "portmap", "bandwidth"], list.Plugins.Select(p => p.Network.Type).ToArray());
            Assert.Equal("host-local", list.Plugins[0].Network.IpamType);
            Assert.True(list.Plugins[1].Network.Capabilities["portMappings"]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // The objects as kubectl parsed them (-o json prints what it would send).
    internal static async Task<JsonNode> ParsedAsync(string file)
    {
        await using var kubectl = new Kubectl();
        var (code, stdout, stderr) = await kubectl.ApplyDryRunAsync([file], ["-o", "json"]);
        Assert.True(code == 0, $"kubectl failed ({code}): {stderr}");
        return JsonNode.Parse(stdout)!;
    }

    internal static string Script(JsonNode container) =>
        string.Join('\n', container["command"]!.AsArray().Select(x => (string)x!));

    private static string ReplaceFirst(string text, string find, string replace)
    {
        var i = text.IndexOf(find, StringComparison.Ordinal);
        return text[..i] + replace + text[(i + find.Length)..];
    }
}
