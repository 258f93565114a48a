using System.Text;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Meta;

/// <summary>tuning's <c>ifName</c> (our addition): ADD renames the container interface and says so in the result; DEL renames it back.</summary>
[Trait("Category", "Integration")]
public sealed class TuningRenameTests : IDisposable
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..6];
    private readonly string _dataDir;

    public TuningRenameTests() => _dataDir = Path.Combine(Path.GetTempPath(), "cni-tuning-rename-" + _id);

    private string Conf(string body) =>
        $"{{\"cniVersion\":\"1.0.0\",\"name\":\"tune-{_id}\",\"type\":\"tuning\",\"dataDir\":\"{_dataDir}\"{body}}}";

    private static string Prev(TestNetns ns) =>
        $"{{\"cniVersion\":\"1.0.0\",\"interfaces\":[{{\"name\":\"eth0\",\"sandbox\":\"{ns.Path}\"}}],\"ips\":[{{\"address\":\"198.18.7.2/24\",\"interface\":0}}]}}";

    private static bool Has(TestNetns ns, string name) => Shell.Run("ip", "-n", ns.Name, "link", "show", name).Exit == 0;

    [Fact]
    public void Add_renames_the_interface_keeps_it_up_and_del_restores_the_name_and_mtu()
    {
        Root.Require();
        using var ns = new TestNetns("tunern");
        MetaTestSupport.AddContainerLink(ns);
        var mtu = Shell.IpJson(ns.Name, "link", "show", "eth0")[0].GetProperty("mtu").GetInt32();
        var conf = MetaTestSupport.WithPrev(Conf(",\"ifName\":\"net1\",\"mtu\":1300,\"sysctl\":{\"net.ipv4.conf.IFNAME.arp_filter\":\"1\"}"), Prev(ns));
        var env = MetaTestSupport.Env("ADD", "c" + _id, ns.Path);

        var add = CniBinary.Exec("tuning", env, conf).Ok();
        var result = (Result)CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout));
        Assert.Equal("net1", result.Interfaces[0].Name);
        Assert.False(Has(ns, "eth0"));
        var link = Shell.IpJson(ns.Name, "link", "show", "net1")[0];
        Assert.Equal(1300, link.GetProperty("mtu").GetInt32());
        Assert.Contains("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        // The sysctl was written for the interface under its CNI_IFNAME, before the rename; it moved with the link.
        Assert.Equal("1", Shell.Ok("ip", "netns", "exec", ns.Name, "cat", "/proc/sys/net/ipv4/conf/net1/arp_filter").Trim());

        CniBinary.Exec("tuning", MetaTestSupport.Env("CHECK", "c" + _id, ns.Path), conf).Ok();

        CniBinary.Exec("tuning", MetaTestSupport.Env("DEL", "c" + _id, ns.Path), conf).Ok();
        Assert.False(Has(ns, "net1"));
        link = Shell.IpJson(ns.Name, "link", "show", "eth0")[0];
        Assert.Equal(mtu, link.GetProperty("mtu").GetInt32());
        Assert.Contains("UP", link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.False(File.Exists(Path.Combine(_dataDir, $"c{_id}_eth0.json")));
    }

    [Theory]
    [InlineData("a-name-that-is-far-too-long")]
    [InlineData("bad/name")]
    [InlineData("..")]
    public void Bad_names_are_refused_and_nothing_changes(string name)
    {
        Root.Require();
        using var ns = new TestNetns("tunebad");
        MetaTestSupport.AddContainerLink(ns);
        var conf = MetaTestSupport.WithPrev(Conf($",\"ifName\":\"{name}\""), Prev(ns));
        var e = CniBinary.Exec("tuning", MetaTestSupport.Env("ADD", "c" + _id, ns.Path), conf).Error();
        Assert.Contains("invalid ifName", e.Msg, StringComparison.Ordinal);
        Assert.True(Has(ns, "eth0"));
    }

    [Fact]
    public void A_name_already_taken_is_an_error()
    {
        Root.Require();
        using var ns = new TestNetns("tunetaken");
        MetaTestSupport.AddContainerLink(ns);
        MetaTestSupport.AddContainerLink(ns, "net1");
        var conf = MetaTestSupport.WithPrev(Conf(",\"ifName\":\"net1\""), Prev(ns));
        var e = CniBinary.Exec("tuning", MetaTestSupport.Env("ADD", "c" + _id, ns.Path), conf).Error();
        Assert.Equal("cannot rename eth0 to net1: a link named net1 exists", e.Msg);
        Assert.True(Has(ns, "eth0"));
        CniBinary.Exec("tuning", MetaTestSupport.Env("DEL", "c" + _id, ns.Path), conf).Ok();
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
