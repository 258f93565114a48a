using System.Text;
using Cni.Plugin;
using Xunit;

namespace Cni.Plugin.Tests;

public class SkeletonTests
{
    private const string Stdin = "{\"name\":\"skel-test\",\"some\":\"config\",\"cniVersion\":\"9.8.7\"}";

    private sealed class FakePlugin(IReadOnlyList<string> versions, string about = "") : Plugin
    {
        public List<(CniCommand Verb, PluginRequest Request)> Calls { get; } = [];
        public Exception? Throw { get; set; }
        public override string Name => "fake";
        public override string About => about;
        public override IReadOnlyList<string> SupportedVersions => versions;

        public override ICniResult Add(PluginRequest request)
        {
            Record(CniCommand.Add, request);
            return new Result { CniVersion = "1.0.0", Ips = { new IPConfig { Address = CidrAddress.Parse("198.18.0.2/24") } } };
        }

        public override void Del(PluginRequest request) => Record(CniCommand.Del, request);
        public override void Check(PluginRequest request) => Record(CniCommand.Check, request);
        public override void Gc(PluginRequest request) => Record(CniCommand.Gc, request);
        public override void Status(PluginRequest request) => Record(CniCommand.Status, request);

        private void Record(CniCommand verb, PluginRequest request)
        {
            Calls.Add((verb, request));
            if (Throw is not null)
            {
                throw Throw;
            }
        }
    }

    private sealed record Outcome(int Exit, string Stdout, string Stderr);

    private static Outcome Run(Plugin plugin, Dictionary<string, string> env, string stdin = Stdin, Stream? stdinStream = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Skeleton.Run(plugin, new PluginIO
        {
            Environment = env,
            Stdin = stdinStream ?? new MemoryStream(Encoding.UTF8.GetBytes(stdin)),
            Stdout = stdout,
            Stderr = stderr,
        });
        return new Outcome(exit, stdout.ToString(), stderr.ToString());
    }

    private static Dictionary<string, string> Env(string command, params (string, string)[] overrides)
    {
        var env = new Dictionary<string, string>
        {
            ["CNI_COMMAND"] = command,
            ["CNI_CONTAINERID"] = "some-container-id",
            ["CNI_NETNS"] = "/some/netns/path",
            ["CNI_IFNAME"] = "eth0",
            ["CNI_ARGS"] = "some;extra;args",
            ["CNI_PATH"] = "/some/cni/path",
        };
        foreach (var (k, v) in overrides)
        {
            if (v is null) env.Remove(k); else env[k] = v;
        }
        return env;
    }

    private static CniException Error(Outcome o)
    {
        Assert.Equal(1, o.Exit);
        return CniError.Parse(Encoding.UTF8.GetBytes(o.Stdout)) ?? throw new InvalidOperationException("stdout is not an error: " + o.Stdout);
    }

    [Fact]
    public void Add_passes_the_request_and_prints_the_result_in_the_configs_version()
    {
        var plugin = new FakePlugin(["0.4.0", "1.0.0"]);
        var o = Run(plugin, Env("ADD"), "{\"name\":\"skel-test\",\"cniVersion\":\"0.4.0\"}");
        Assert.Equal(0, o.Exit);
        var (verb, req) = Assert.Single(plugin.Calls);
        Assert.Equal((CniCommand.Add, "some-container-id", "/some/netns/path", "eth0", "some;extra;args", "/some/cni/path"),
            (verb, req.ContainerId, req.Netns, req.IfName, req.Args, req.Path));
        Assert.Equal("0.4.0", CniResults.Parse(Encoding.UTF8.GetBytes(o.Stdout)).CniVersion);
        Assert.Contains("\"version\": \"4\"", o.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_container_id_is_code_4_with_the_id_in_details()
    {
        var e = Error(Run(new FakePlugin(["9.8.7"]), Env("ADD", ("CNI_CONTAINERID", "some-%%bad-id"))));
        Assert.Equal((4u, "invalid characters in containerID", "some-%%bad-id"), (e.Code, e.Msg, e.Details));
    }

    [Theory]
    [InlineData("ADD", "[CNI_NETNS,CNI_IFNAME]")]
    [InlineData("CHECK", "[CNI_NETNS,CNI_IFNAME]")]
    [InlineData("DEL", "[CNI_IFNAME]")]
    public void Missing_variables_are_listed_together(string verb, string list)
    {
        var e = Error(Run(new FakePlugin(["9.8.7"]), Env(verb, ("CNI_NETNS", null!), ("CNI_IFNAME", null!))));
        Assert.Equal((4u, $"required env variables {list} missing"), (e.Code, e.Msg));
    }

    [Fact]
    public void Gc_needs_only_command_and_path()
    {
        var plugin = new FakePlugin(["1.1.0"]);
        var env = new Dictionary<string, string> { ["CNI_COMMAND"] = "GC", ["CNI_PATH"] = "/p" };
        Assert.Equal(0, Run(plugin, env, "{\"name\":\"skel-test\",\"cniVersion\":\"1.1.0\"}").Exit);
        Assert.Equal(CniCommand.Gc, Assert.Single(plugin.Calls).Verb);
        env.Remove("CNI_PATH");
        Assert.Equal("required env variables [CNI_PATH] missing", Error(Run(plugin, env, "{\"name\":\"skel-test\",\"cniVersion\":\"1.1.0\"}")).Msg);
    }

    [Fact]
    public void Del_tolerates_a_missing_netns() =>
        Assert.Equal(0, Run(new FakePlugin(["9.8.7"]), Env("DEL", ("CNI_NETNS", null!))).Exit);

    [Fact]
    public void Unversioned_config_is_0_1_0()
    {
        var plugin = new FakePlugin(["4.3.2"]);
        var e = Error(Run(plugin, Env("ADD"), "{\"name\":\"skel-test\"}"));
        Assert.Equal((1u, "incompatible CNI versions", "config is \"0.1.0\", plugin supports [\"4.3.2\"]"), (e.Code, e.Msg, e.Details));
        Assert.Empty(plugin.Calls);
        Assert.Equal(0, Run(new FakePlugin(["0.1.0"]), Env("ADD"), "{\"name\":\"skel-test\"}").Exit);
    }

    [Fact]
    public void Check_is_gated_by_version()
    {
        Assert.Equal("config version does not allow CHECK", Error(Run(new FakePlugin(SpecVersions.All), Env("CHECK"), "{\"name\":\"n\",\"cniVersion\":\"0.3.0\"}")).Msg);
        Assert.Equal("plugin version does not allow CHECK", Error(Run(new FakePlugin(["0.1.0", "0.2.0", "0.3.0"]), Env("CHECK"), "{\"name\":\"n\",\"cniVersion\":\"0.4.0\"}")).Msg);
        Assert.Equal(6u, Error(Run(new FakePlugin(SpecVersions.All), Env("CHECK"), "{\"name\":\"n\",\"cniVersion\":\"adsfsadf\"}")).Code);
        Assert.Equal(7u, Error(Run(new FakePlugin(SpecVersions.All), Env("CHECK"), "{\"name\":\"te%%st\",\"cniVersion\":\"0.4.0\"}")).Code);
    }

    [Fact]
    public void Version_prints_the_supported_list_without_reading_stdin()
    {
        var o = Run(new FakePlugin(["9.8.7", "10.0.0"]), new() { ["CNI_COMMAND"] = "VERSION" }, stdinStream: new ThrowingStream());
        Assert.Equal((0, "{\"cniVersion\":\"1.1.0\",\"supportedVersions\":[\"9.8.7\",\"10.0.0\"]}\n"), (o.Exit, o.Stdout));
    }

    [Fact]
    public void Unknown_command_is_code_4_and_calls_nothing()
    {
        var plugin = new FakePlugin(["9.8.7"]);
        var e = Error(Run(plugin, Env("NOPE")));
        Assert.Equal((4u, "unknown CNI_COMMAND: NOPE"), (e.Code, e.Msg));
        Assert.Empty(plugin.Calls);
    }

    [Fact]
    public void Missing_command_prints_the_about_text_or_fails()
    {
        var o = Run(new FakePlugin(["9.8.7", "10.0.0"], "AWESOME PLUGIN"), new());
        Assert.Equal((0, "", "AWESOME PLUGIN\nCNI protocol versions supported: 9.8.7, 10.0.0\n"), (o.Exit, o.Stdout, o.Stderr.ReplaceLineEndings("\n")));
        Assert.Equal("required env variables [CNI_COMMAND] missing", Error(Run(new FakePlugin(["9.8.7"]), new())).Msg);
    }

    [Fact]
    public void Unreadable_stdin_is_code_5()
    {
        var e = Error(Run(new FakePlugin(["9.8.7"]), Env("ADD"), stdinStream: new ThrowingStream()));
        Assert.Equal((5u, "error reading from stdin: banana"), (e.Code, e.Msg));
    }

    [Fact]
    public void Empty_stdin_on_add_is_a_decoding_error() =>
        Assert.Equal(6u, Error(Run(new FakePlugin(["9.8.7"]), Env("ADD"), "")).Code);

    [Fact]
    public void Plugin_errors_keep_their_code_and_plain_errors_become_999()
    {
        var typed = new FakePlugin(["9.8.7"]) { Throw = new CniException(1234, "some message", "some details") };
        var e = Error(Run(typed, Env("DEL")));
        Assert.Equal((1234u, "some message", "some details"), (e.Code, e.Msg, e.Details));
        var plain = new FakePlugin(["9.8.7"]) { Throw = new InvalidOperationException("boom") };
        Assert.Equal((999u, "boom"), (Error(Run(plain, Env("DEL"))).Code, Error(Run(plain, Env("DEL"))).Msg));
    }

    [Fact]
    public void Errors_are_the_only_thing_on_stdout_and_carry_the_config_version()
    {
        var o = Run(new FakePlugin(["1.0.0"]), Env("ADD", ("CNI_IFNAME", "eth0:1")), "{\"name\":\"n\",\"cniVersion\":\"1.0.0\"}");
        Assert.StartsWith("{", o.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("}", o.Stdout, StringComparison.Ordinal);
        Assert.Equal(4u, Error(o).Code);
    }

    [Fact]
    public void Own_netns_is_refused_before_the_plugin_acts()
    {
        var plugin = new FakePlugin(["9.8.7"]);
        var stdout = new StringWriter();
        int exit = Skeleton.Run(plugin, new PluginIO
        {
            Environment = Env("ADD"),
            Stdin = new MemoryStream(Encoding.UTF8.GetBytes(Stdin)),
            Stdout = stdout,
            Stderr = TextWriter.Null,
            IsOwnNetns = _ => true,
        });
        Assert.Equal(1, exit);
        Assert.Equal(8u, CniError.Parse(Encoding.UTF8.GetBytes(stdout.ToString()))!.Code);
        Assert.Empty(plugin.Calls);
    }

    private sealed class ThrowingStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("banana");
        public override int Read(Span<byte> buffer) => throw new IOException("banana");
        public override void CopyTo(Stream destination, int bufferSize) => throw new IOException("banana");
    }
}
