using System.Text.Json;
using Cni.Tool.Internal;

namespace Cni.Tool.Tests;

/// <summary>cnitool end to end against shell-script plugins, with the environment and cache directory of a temp dir.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CniToolTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cni-tool-tests-").FullName;
    private readonly Dictionary<string, string> _env = [];
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    private const string Result = """{"cniVersion":"1.0.0","interfaces":[{"name":"eth0","sandbox":"/var/run/netns/test"}],"ips":[{"address":"10.22.0.5/16","interface":0}]}""";

    public CniToolTests()
    {
        Directory.CreateDirectory(Dir("bin"));
        Directory.CreateDirectory(Dir("net.d"));
        _env["NETCONFPATH"] = Dir("net.d");
        _env["CNI_PATH"] = Dir("bin");
        Plugin("fake", $$"""
            cat > {{Dir("stdin")}}
            echo "$CNI_COMMAND $CNI_CONTAINERID $CNI_IFNAME $CNI_ARGS" >> {{Dir("log")}}
            case "$CNI_COMMAND" in
              ADD) echo '{{Result}}' ;;
              VERSION) echo '{"cniVersion":"1.1.0","supportedVersions":["1.0.0","1.1.0"]}' ;;
            esac
            """);
        File.WriteAllText(Dir("net.d/10-test.conflist"),
            """{"cniVersion":"1.1.0","name":"test","plugins":[{"type":"fake","capabilities":{"portMappings":true}}]}""");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Dir(string relative) => Path.Join(_root, relative);

    private void Plugin(string name, string body)
    {
        File.WriteAllText(Dir("bin/" + name), "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(Dir("bin/" + name), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private int Run(params string[] args) =>
        CniTool.Run([.. args, "--cache-dir", Dir("cache")], new ToolContext(k => _env.GetValueOrDefault(k), _out, _err));

    private string[] Log => File.ReadAllLines(Dir("log"));

    private int Hook(string state, params string[] args) =>
        CniTool.Run(["oci-hook", .. args, "--cache-dir", Dir("cache")],
            new ToolContext(k => _env.GetValueOrDefault(k), _out, _err) { In = new StringReader(state) });

    [Fact]
    public void Oci_hook_takes_the_verb_from_the_status_and_the_id_annotations_from_the_state()
    {
        Assert.Equal(0, Hook("""{"id":"ctr9","status":"creating","pid":4242,"annotations":{"cni.ifname":"net7","cni.args":"A=b"}}""", "test"));
        Assert.Equal(0, Hook("""{"id":"ctr9","status":"stopped","pid":4242,"annotations":{"cni.ifname":"net7"}}""", "test"));
        Assert.Equal(["ADD ctr9 net7 A=b", "DEL ctr9 net7 "], Log);
        Assert.Empty(Directory.GetFiles(Dir("cache/results")));
    }

    [Fact]
    public void Oci_hook_refuses_a_state_without_id_or_process()
    {
        Assert.Equal(1, Hook("""{"status":"creating","pid":1}""", "add", "test"));
        Assert.Contains("no container \"id\"", _err.ToString());
        Assert.Equal(1, Hook("""{"id":"c","status":"running","pid":1}""", "test"));
        Assert.Contains("say add or del", _err.ToString());
        Assert.Equal(1, Hook("""{"id":"c","status":"stopped"}""", "add", "test"));
        Assert.Equal(1, Hook("not json", "add", "test"));
        Assert.False(File.Exists(Dir("log")));
    }

    [Fact]
    public void Add_prints_the_result_indented_and_derives_the_container_id_from_the_netns_path()
    {
        _env["CNI_ARGS"] = "K8S_POD_NAME=web;FOO=bar";
        _env["CAP_ARGS"] = """{"portMappings":[{"hostPort":8080,"containerPort":80}]}""";
        Assert.Equal(0, Run("add", "test", "/var/run/netns/test"));

        Assert.Equal(CniResults.ToJson(CniResults.Parse(System.Text.Encoding.UTF8.GetBytes(Result))), _out.ToString());
        Assert.False(_out.ToString().EndsWith('\n'), "Go prints no trailing newline");
        Assert.Equal(["ADD cnitool-7b8a61d5d8e94d07cbe4 eth0 K8S_POD_NAME=web;FOO=bar"], Log);
        Assert.Contains("\"runtimeConfig\":{\"portMappings\":[{\"containerPort\":80,\"hostPort\":8080}]}", File.ReadAllText(Dir("stdin")));
        Assert.True(File.Exists(Dir("cache/results/test-cnitool-7b8a61d5d8e94d07cbe4-eth0")));
    }

    [Fact]
    public void Ifname_comes_from_the_flag_then_CNI_IFNAME_then_eth0()
    {
        _env["CNI_IFNAME"] = "net1";
        Run("del", "test", "/var/run/netns/test");
        Run("del", "test", "/var/run/netns/test", "-i", "net2");
        _env["CNI_IFNAME"] = "";
        Run("del", "test", "/var/run/netns/test");
        Assert.Equal(["net1", "net2", "eth0"], Log.Select(l => l.Split(' ')[2]));
    }

    [Fact]
    public void Del_check_status_and_gc_run_and_del_removes_the_cache()
    {
        Assert.Equal(0, Run("add", "test", "/var/run/netns/test"));
        Assert.Equal(0, Run("check", "test", "/var/run/netns/test"));
        Assert.Equal(0, Run("status", "test", "/var/run/netns/test"));
        Assert.Equal(0, Run("del", "test", "/var/run/netns/test"));
        Assert.Empty(Directory.GetFiles(Dir("cache/results")));
        Assert.Equal(0, Run("add", "test", "/var/run/netns/test"));
        Assert.Equal(0, Run("gc", "test", "/unused"));
        Assert.Equal(["ADD", "CHECK", "STATUS", "DEL", "ADD", "DEL", "GC"], Log.Select(l => l.Split(' ')[0]));
        Assert.Empty(Directory.GetFiles(Dir("cache/results")));
    }

    [Fact]
    public void Errors_go_to_stderr_with_status_1()
    {
        Assert.Equal(1, Run("add", "nope", "/x"));
        Assert.Equal($"no net configuration with name \"nope\" in {Dir("net.d")}\n", _err.ToString());
        Assert.Equal("", _out.ToString());

        _err.GetStringBuilder().Clear();
        _env["CNI_ARGS"] = "FOO=";
        Assert.Equal(1, Run("add", "test", "/x"));
        Assert.Equal("invalid CNI_ARGS pair \"FOO=\"\n", _err.ToString());

        Plugin("fake", """echo '{"code":11,"msg":"try later"}'; exit 1""");
        _env.Remove("CNI_ARGS");
        _err.GetStringBuilder().Clear();
        Assert.Equal(1, Run("add", "test", "/x"));
        Assert.Equal("plugin type=\"fake\" failed (add): try later\n", _err.ToString());
    }

    [Fact]
    public void Too_few_arguments_is_a_usage_error_with_status_1()
    {
        Assert.Equal(1, Run("add", "test"));
        Assert.Contains("requires <net> <netns>", _err.ToString());
        Assert.Equal(2, Run("frobnicate"));
    }

    [Fact]
    public void Ls_inspect_and_gc_dry_run_read_the_cache()
    {
        Run("add", "test", "/var/run/netns/test");
        _out.GetStringBuilder().Clear();

        Assert.Equal(0, Run("ls"));
        Assert.Contains("cnitool-7b8a61d5d8e94d07cbe4", _out.ToString());
        Assert.Contains("10.22.0.5/16", _out.ToString());

        _out.GetStringBuilder().Clear();
        Assert.Equal(0, Run("ls", "--json"));
        var ls = JsonDocument.Parse(_out.ToString()).RootElement;
        Assert.Equal("test", ls[0].GetProperty("network").GetString());
        Assert.Equal("10.22.0.5/16", ls[0].GetProperty("ips")[0].GetString());

        _out.GetStringBuilder().Clear();
        Assert.Equal(0, Run("inspect", "test", "/var/run/netns/test"));
        var entry = JsonDocument.Parse(_out.ToString()).RootElement[0];
        Assert.Equal("fake", entry.GetProperty("config").GetProperty("plugins")[0].GetProperty("type").GetString());
        Assert.Equal(1, Run("inspect", "test", "no-such-container"));

        _out.GetStringBuilder().Clear();
        Assert.Equal(0, Run("gc", "test", "/unused", "--dry-run", "--json"));
        var plan = JsonDocument.Parse(_out.ToString()).RootElement;
        Assert.Equal("cnitool-7b8a61d5d8e94d07cbe4", plan.GetProperty("delete")[0].GetProperty("containerId").GetString());
        Assert.Equal("fake", plan.GetProperty("gc")[0].GetString());
        Assert.Single(Log);
        Assert.Single(Directory.GetFiles(Dir("cache/results")));
    }

    [Fact]
    public void Timings_list_each_plugin_call_on_stderr()
    {
        Assert.Equal(0, Run("add", "test", "/var/run/netns/test", "--timings"));
        Assert.Matches(@"^ADD\s+fake\s+[0-9.]+ ms\n", _err.ToString());
        Assert.Contains("total", _err.ToString());
    }

    [Fact]
    public void Conform_passes_a_plugin_that_keeps_the_contract()
    {
        Plugin("good", """
            in=$(cat)
            err() { printf '{"code":%s,"msg":"%s"}' "$1" "$2"; exit 1; }
            case "$CNI_COMMAND" in
              VERSION) echo '{"cniVersion":"1.1.0","supportedVersions":["0.3.1","0.4.0","1.0.0","1.1.0"]}'; exit 0 ;;
              ADD|DEL|CHECK|GC|STATUS) ;;
              *) err 4 "unknown CNI_COMMAND: $CNI_COMMAND" ;;
            esac
            case "$in" in *"}") ;; *) err 6 "error unmarshall network config" ;; esac
            case "$in" in *'"name"'*) ;; *) err 7 "missing network name" ;; esac
            v=$(printf '%s' "$in" | tr -d '\n' | sed -n 's/.*"cniVersion": *"\([^"]*\)".*/\1/p')
            case "$CNI_COMMAND:$v" in
              ADD:99.0.0) err 1 "incompatible CNI versions" ;;
              CHECK:0.3.1) err 1 "config version does not allow CHECK" ;;
              GC:1.0.0) err 1 "config version does not allow GC" ;;
              STATUS:1.0.0) err 1 "config version does not allow STATUS" ;;
            esac
            exit 0
            """);
        Assert.Equal(0, Run("conform", "good"));
        Assert.DoesNotContain("FAIL", _out.ToString());
        Assert.Contains("DEL of an unknown attachment succeeds (#2)", _out.ToString());
    }

    [Fact]
    public void Conform_fails_a_plugin_without_error_objects()
    {
        Plugin("bad", """
            case "$CNI_COMMAND" in
              VERSION) echo '{"cniVersion":"1.1.0","supportedVersions":["1.0.0","1.1.0"]}' ;;
              *) echo oops >&2; exit 1 ;;
            esac
            """);
        Assert.Equal(1, Run("conform", "bad", "--json"));
        var results = JsonDocument.Parse(_out.ToString()).RootElement.EnumerateArray().ToList();
        Assert.True(results.First(r => r.GetProperty("check").GetString() == "VERSION answers").GetProperty("passed").GetBoolean());
        Assert.False(results.First(r => r.GetProperty("check").GetString() == "malformed config is code 6").GetProperty("passed").GetBoolean());
    }
}
