using System.Diagnostics;
using System.Text;

namespace Cni.Runtime.Tests;

/// <summary>Real plugin processes (small shell scripts): the pkg/invoke raw_exec cases and the sleep-plugin timeouts.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProcessPluginTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly StringWriter _stderr = new();
    private readonly CniConfig _cni;

    public ProcessPluginTests()
    {
        Directory.CreateDirectory(_dir.Join("bin"));
        _cni = new CniConfig([_dir.Join("empty"), _dir.Join("bin")], _dir.Join("cache"), new PluginExecutor(_stderr))
        {
            PluginTimeout = TimeSpan.FromSeconds(1),
        };
    }

    public void Dispose() => _dir.Dispose();

    private void Plugin(string name, string body)
    {
        var path = _dir.Write("bin/" + name, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static NetworkConfigList List(string type) =>
        NetworkConfigList.Parse(Encoding.UTF8.GetBytes($$"""{"cniVersion":"1.0.0","name":"net","plugins":[{"type":"{{type}}"}]}"""));

    private static readonly RuntimeConf Rt = new() { ContainerId = "ctr", NetNS = "/var/run/netns/x", IfName = "eth0", Args = [new("A", "1")] };

    [Fact]
    public async Task The_plugin_gets_stdin_and_environment_and_its_result_is_returned()
    {
        var record = _dir.Join("record");
        Plugin("rec", $$"""
            cat > {{record}}.stdin
            env > {{record}}.env
            echo "log line" >&2
            echo '{"cniVersion":"1.0.0","ips":[{"address":"10.0.0.2/24"}]}'
            """);
        var result = (Result)(await _cni.AddNetworkListAsync(List("rec"), Rt, TestContext.Current.CancellationToken))!;
        Assert.Equal("10.0.0.2/24", result.Ips[0].Address.ToString());
        Assert.Equal("""{"cniVersion":"1.0.0","name":"net","type":"rec"}""", File.ReadAllText(record + ".stdin"));
        var env = File.ReadAllLines(record + ".env");
        Assert.Contains("CNI_COMMAND=ADD", env);
        Assert.Contains("CNI_ARGS=A=1", env);
        Assert.Contains($"CNI_PATH={_dir.Join("empty")}:{_dir.Join("bin")}", env);
        Assert.Contains(env, l => l.StartsWith("PATH=", StringComparison.Ordinal));
        Assert.Equal("log line\n", _stderr.ToString());
    }

    [Fact]
    public async Task An_error_object_on_stdout_keeps_its_code()
    {
        Plugin("fail", """echo '{"code":11,"msg":"plugin error: banana","details":"later"}'; exit 1""");
        var e = await Assert.ThrowsAsync<PluginFailedException>(() => _cni.AddNetworkListAsync(List("fail"), Rt, TestContext.Current.CancellationToken));
        Assert.Equal(11u, e.Code);
        Assert.Equal("plugin error: banana; later", e.PluginError.Message);
    }

    [Fact]
    public async Task Stderr_is_the_message_only_when_stdout_is_empty()
    {
        Plugin("stderr", "echo 'some stderr message' >&2; exit 1");
        var e = await Assert.ThrowsAsync<CniException>(() => _cni.DelNetworkAsync(PluginConfig.Parse("""{"name":"n","type":"stderr"}"""u8.ToArray()), Rt, TestContext.Current.CancellationToken));
        Assert.Equal("netplugin failed: \"some stderr message\n\": exit status 1", e.Message);

        Plugin("silent", "exit 3");
        e = await Assert.ThrowsAsync<CniException>(() => _cni.DelNetworkAsync(PluginConfig.Parse("""{"name":"n","type":"silent"}"""u8.ToArray()), Rt, TestContext.Current.CancellationToken));
        Assert.Equal("netplugin failed with no error message: exit status 3", e.Message);
    }

    [Fact]
    public async Task Garbage_output_is_a_clear_error()
    {
        Plugin("garbage", "echo 'this is not json'");
        var e = await Assert.ThrowsAsync<PluginFailedException>(() => _cni.AddNetworkListAsync(List("garbage"), Rt, TestContext.Current.CancellationToken));
        Assert.StartsWith("plugin type=\"garbage\" failed (add): failed to unmarshal raw result: ", e.Message);
    }

    [Fact]
    public async Task A_hanging_plugin_is_killed_at_the_timeout()
    {
        var pidFile = _dir.Join("pid");
        Plugin("sleep", $"echo $$ > {pidFile}; exec sleep 60");
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<PluginFailedException>(() => _cni.AddNetworkListAsync(List("sleep"), Rt, TestContext.Current.CancellationToken));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20));
        Assert.Contains("netplugin failed with no error message", e.Message);
        Assert.Contains("timed out after 1s", e.Message);
        Assert.False(Directory.Exists("/proc/" + File.ReadAllText(pidFile).Trim()), "the plugin must be dead");
        Assert.False(Directory.Exists(_dir.Join("cache/results")));
    }

    [Fact]
    public async Task Caller_cancellation_kills_the_plugin()
    {
        Plugin("sleep", "exec sleep 60");
        var cni = new CniConfig([_dir.Join("bin")], _dir.Join("cache"), new PluginExecutor(null));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromMilliseconds(300));
        var e = await Assert.ThrowsAnyAsync<Exception>(() => cni.GetVersionInfoAsync("sleep", cts.Token));
        Assert.Contains("netplugin failed with no error message", e.Message);
    }

    [Fact]
    public async Task A_type_with_a_path_is_refused()
    {
        Plugin("ok", "echo '{}'");
        var list = NetworkConfigList.Parse("""{"cniVersion":"1.0.0","name":"net","plugins":[{"type":"../bin/ok"}]}"""u8.ToArray());
        var e = await Assert.ThrowsAsync<PluginFailedException>(() => _cni.AddNetworkListAsync(list, Rt, TestContext.Current.CancellationToken));
        Assert.Equal("plugin type=\"../bin/ok\" failed (add): invalid plugin name: ../bin/ok", e.Message);
    }
}
