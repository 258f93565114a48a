using System.Text;
using Cni.Plugin;
using Xunit;

namespace Cni.Plugin.Tests;

/// <summary>Every verb against a config of every spec version, for a plugin supporting all of them.</summary>
public class VersionMatrixTests
{
    private sealed class AllVersions : Plugin
    {
        public CniCommand? Called { get; private set; }
        public override string Name => "matrix";
        public override ICniResult Add(PluginRequest request)
        {
            Called = CniCommand.Add;
            return new Result { Interfaces = { new Interface { Name = "eth0", Sandbox = "/ns" } }, Ips = { new IPConfig { Interface = 0, Address = CidrAddress.Parse("198.18.5.2/24") } } };
        }
        public override void Del(PluginRequest request) => Called = CniCommand.Del;
        public override void Check(PluginRequest request) => Called = CniCommand.Check;
        public override void Gc(PluginRequest request) => Called = CniCommand.Gc;
        public override void Status(PluginRequest request) => Called = CniCommand.Status;
    }

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var verb in new[] { "ADD", "DEL", "CHECK", "GC", "STATUS" })
        {
            foreach (var version in SpecVersions.All)
            {
                data.Add(verb, version);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Verb_runs_exactly_when_the_version_carries_it(string verb, string version)
    {
        var plugin = new AllVersions();
        var stdout = new StringWriter();
        var env = new Dictionary<string, string>
        {
            ["CNI_COMMAND"] = verb, ["CNI_CONTAINERID"] = "ctr", ["CNI_NETNS"] = "/ns", ["CNI_IFNAME"] = "eth0", ["CNI_PATH"] = "/bin",
        };
        int exit = Skeleton.Run(plugin, new PluginIO
        {
            Environment = env,
            Stdin = new MemoryStream(Encoding.UTF8.GetBytes($"{{\"cniVersion\":\"{version}\",\"name\":\"m\"}}")),
            Stdout = stdout,
            Stderr = TextWriter.Null,
        });
        var minimum = VersionGate.MinimumFor(Enum.Parse<CniCommand>(verb, ignoreCase: true));
        bool allowed = SpecVersion.GreaterThanOrEqual(version, minimum);
        if (!allowed)
        {
            Assert.Equal(1, exit);
            Assert.Null(plugin.Called);
            Assert.Equal(CniErrorCode.IncompatibleCniVersion, CniError.Parse(Encoding.UTF8.GetBytes(stdout.ToString()))!.Code);
            return;
        }
        Assert.Equal(0, exit);
        Assert.Equal(verb, plugin.Called.ToString()!.ToUpperInvariant());
        if (verb == "ADD")
        {
            var printed = CniResults.Parse(Encoding.UTF8.GetBytes(stdout.ToString()));
            Assert.Equal(version, printed.CniVersion);
            Assert.Equal("198.18.5.2/24", ResultConverters.ToCurrent(printed).Ips[0].Address.ToString());
        }
        else
        {
            Assert.Equal("", stdout.ToString());
        }
    }
}
