using System.Text.Json;
using Xunit;

namespace Cni.Cli.Tests;

/// <summary>
/// <c>CNI_LOG_FILE</c> through the built binary: a bridge + host-local ADD and DEL, run in a namespace the test made
/// as the "host", leave one line per call — the delegated host-local calls (in-process) included.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CallLogIntegrationTests : IDisposable
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];
    private readonly string _root = Directory.CreateTempSubdirectory("cni-calllog-it-").FullName;
    private readonly List<string> _netns = [];

    [Fact]
    public void Bridge_add_and_del_log_one_line_per_call_including_the_ipam_delegate()
    {
        CliBinary.RequireRoot();
        var host = NewNetns("h");
        var container = NewNetns("c");
        var dir = Path.Combine(_root, "bin");
        Assert.Equal(0, CliBinary.Install(dir).Exit);
        var log = Path.Combine(_root, "calls.log");
        var network = "logit-" + _id;
        var ipam = $"{{\"type\":\"host-local\",\"dataDir\":\"{Path.Combine(_root, "ipam")}\",\"ranges\":[[{{\"subnet\":\"198.18.163.0/24\"}}]]}}";
        var conf = $"{{\"cniVersion\":\"1.0.0\",\"name\":\"{network}\",\"type\":\"bridge\",\"bridge\":\"cnilg{_id[..6]}\",\"isGateway\":true,\"ipam\":{ipam}}}";
        Dictionary<string, string> Env(string verb) => new()
        {
            ["CNI_COMMAND"] = verb,
            ["CNI_CONTAINERID"] = "ctr-" + _id,
            ["CNI_NETNS"] = "/var/run/netns/" + container,
            ["CNI_IFNAME"] = "eth0",
            ["CNI_PATH"] = dir,
            ["CNI_LOG_FILE"] = log,
        };

        var add = CliBinary.Run(["ip", "netns", "exec", host, Path.Combine(dir, "bridge")], Env("ADD"), conf);
        Assert.True(add.Exit == 0, add.ToString());
        Assert.StartsWith("{", add.Stdout.TrimStart(), StringComparison.Ordinal);
        Assert.DoesNotContain("durationMs", add.Stdout, StringComparison.Ordinal);
        var del = CliBinary.Run(["ip", "netns", "exec", host, Path.Combine(dir, "bridge")], Env("DEL"), conf);
        Assert.True(del.Exit == 0, del.ToString());

        var lines = File.ReadAllLines(log).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        // The delegate finishes (and writes) before the plugin that called it.
        Assert.Equal(
            ["ADD host-local", "ADD bridge", "DEL host-local", "DEL bridge"],
            lines.Select(l => $"{l.GetProperty("verb").GetString()} {l.GetProperty("plugin").GetString()}"));
        Assert.All(lines, l =>
        {
            Assert.Equal(("ok", network, "ctr-" + _id, "eth0", "1.0.0"),
                (l.GetProperty("outcome").GetString(), l.GetProperty("network").GetString(), l.GetProperty("containerId").GetString(),
                 l.GetProperty("ifName").GetString(), l.GetProperty("cniVersion").GetString()));
            Assert.Equal("/var/run/netns/" + container, l.GetProperty("netns").GetString());
        });
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(log));
    }

    private string NewNetns(string role)
    {
        var name = $"cnit-log{role}-{_id}";
        var made = CliBinary.Run(["ip", "netns", "add", name]);
        Assert.True(made.Exit == 0, made.ToString());
        _netns.Add(name);
        return name;
    }

    public void Dispose()
    {
        foreach (var ns in _netns)
        {
            CliBinary.Run(["ip", "netns", "delete", ns]);
        }
        Directory.Delete(_root, recursive: true);
    }
}
