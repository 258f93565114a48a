using System.Globalization;
using System.Text;
using System.Text.Json;
using Cni.Plugin;
using Xunit;

namespace Cni.Plugin.Tests;

/// <summary>The opt-in call log: one JSON line per call, env over config, and never a change to the call's outcome.</summary>
public sealed class CallLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cni-calllog-test-").FullName;

    private sealed class LoggedPlugin : Plugin
    {
        public Exception? Throw { get; set; }
        public override string Name => "logged";

        public override ICniResult Add(PluginRequest request) =>
            Throw is not null ? throw Throw : new Result { CniVersion = "1.0.0", Ips = { new IPConfig { Address = CidrAddress.Parse("198.18.0.2/24") } } };

        public override void Del(PluginRequest request)
        {
            if (Throw is not null)
            {
                throw Throw;
            }
        }
    }

    private string LogPath => Path.Combine(_dir, "calls.log");

    private static string Config(string? logFile = null) =>
        "{\"cniVersion\":\"1.0.0\",\"name\":\"logged-net\",\"type\":\"logged\"" + (logFile is null ? "" : $",\"logFile\":\"{logFile}\"") + "}";

    private static Dictionary<string, string> Env(string command, string? logFile)
    {
        var env = new Dictionary<string, string>
        {
            ["CNI_COMMAND"] = command,
            ["CNI_CONTAINERID"] = "ctr-1",
            ["CNI_NETNS"] = "/var/run/netns/x",
            ["CNI_IFNAME"] = "eth0",
            ["CNI_PATH"] = "/opt/cni/bin",
        };
        if (logFile is not null)
        {
            env[CallLog.EnvironmentVariable] = logFile;
        }
        return env;
    }

    private static (int Exit, string Stdout, string Stderr) Run(Plugin plugin, Dictionary<string, string> env, string stdin)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Skeleton.Run(plugin, new PluginIO
        {
            Environment = env,
            Stdin = new MemoryStream(Encoding.UTF8.GetBytes(stdin)),
            Stdout = stdout,
            Stderr = stderr,
        });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static List<JsonElement> Lines(string path) =>
        [.. File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    [Fact]
    public void A_successful_add_appends_one_line_with_every_field()
    {
        var plain = Run(new LoggedPlugin(), Env("ADD", null), Config());
        var logged = Run(new LoggedPlugin(), Env("ADD", LogPath), Config());

        Assert.Equal(plain, logged);
        var line = Assert.Single(Lines(LogPath));
        Assert.Equal(
            ["time", "verb", "plugin", "network", "containerId", "netns", "ifName", "cniVersion", "durationMs", "outcome"],
            line.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("ADD", "logged", "logged-net", "ctr-1", "/var/run/netns/x", "eth0", "1.0.0", "ok"),
            (S(line, "verb"), S(line, "plugin"), S(line, "network"), S(line, "containerId"), S(line, "netns"), S(line, "ifName"), S(line, "cniVersion"), S(line, "outcome")));
        var time = DateTime.ParseExact(S(line, "time"), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        Assert.InRange(time, DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddSeconds(1));
        Assert.True(line.GetProperty("durationMs").GetDouble() >= 0);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LogPath));
    }

    [Fact]
    public void A_failure_carries_its_code_and_message_and_lines_accumulate()
    {
        var plugin = new LoggedPlugin { Throw = new CniException(11, "try \"again\" later") };
        var failed = Run(plugin, Env("ADD", LogPath), Config());
        plugin.Throw = null;
        Run(plugin, Env("DEL", LogPath), Config());

        Assert.Equal(1, failed.Exit);
        var lines = Lines(LogPath);
        Assert.Equal(2, lines.Count);
        Assert.Equal(("ADD", "error", 11, "try \"again\" later"),
            (S(lines[0], "verb"), S(lines[0], "outcome"), lines[0].GetProperty("code").GetInt32(), S(lines[0], "message")));
        Assert.Equal(("DEL", "ok"), (S(lines[1], "verb"), S(lines[1], "outcome")));
        Assert.False(lines[1].TryGetProperty("code", out _));
    }

    [Fact]
    public void The_config_key_turns_logging_on_and_the_variable_wins_over_it()
    {
        var fromConfig = Path.Combine(_dir, "config.log");
        Run(new LoggedPlugin(), Env("DEL", null), Config(fromConfig));
        Assert.Equal("logged-net", S(Assert.Single(Lines(fromConfig)), "network"));

        Run(new LoggedPlugin(), Env("DEL", LogPath), Config(fromConfig));
        Assert.Single(Lines(fromConfig));
        Assert.Single(Lines(LogPath));
    }

    [Fact]
    public void Version_is_logged_without_a_network_and_the_about_text_is_not_logged()
    {
        var version = Run(new LoggedPlugin(), Env("VERSION", LogPath), "");
        Run(new LoggedPlugin(), new Dictionary<string, string> { [CallLog.EnvironmentVariable] = LogPath }, "");

        Assert.Equal(0, version.Exit);
        var line = Assert.Single(Lines(LogPath));
        Assert.Equal(("VERSION", "", "ok"), (S(line, "verb"), S(line, "network"), S(line, "outcome")));
    }

    [Fact]
    public void A_request_that_fails_before_its_config_is_read_is_logged_from_the_variable()
    {
        var env = Env("ADD", LogPath);
        env.Remove("CNI_IFNAME");
        Run(new LoggedPlugin(), env, Config());
        var line = Assert.Single(Lines(LogPath));
        Assert.Equal(("error", 4, ""), (S(line, "outcome"), line.GetProperty("code").GetInt32(), S(line, "network")));
    }

    [Theory]
    [InlineData("missing-dir/calls.log")]
    [InlineData("")] // the directory itself
    public void An_unwritable_log_path_does_not_change_the_outcome(string relative)
    {
        var path = Path.Combine(_dir, relative);
        var plain = Run(new LoggedPlugin(), Env("ADD", null), Config());
        var logged = Run(new LoggedPlugin(), Env("ADD", path), Config());
        var loggedByConfig = Run(new LoggedPlugin(), Env("ADD", null), Config(path));

        Assert.Equal(0, plain.Exit);
        Assert.Equal(plain, logged);
        Assert.Equal(plain, loggedByConfig);
        Assert.False(Directory.Exists(Path.Combine(_dir, "missing-dir")));
    }

    [Fact]
    public void A_throwing_writer_does_not_change_the_outcome_and_off_means_no_write_at_all()
    {
        var saved = CallLog.Append;
        var writes = new List<string>();
        try
        {
            CallLog.Append = (path, _, _) =>
            {
                writes.Add(path);
                throw new IOException("disk full");
            };
            var plain = Run(new LoggedPlugin(), Env("ADD", null), Config());
            Assert.Empty(writes);
            var logged = Run(new LoggedPlugin(), Env("ADD", LogPath), Config());
            Assert.Equal(plain, logged);
            Assert.Equal([LogPath], writes);
        }
        finally
        {
            CallLog.Append = saved;
        }
    }

    private static string S(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
