using System.Text;
using System.Text.Json;
using Cni.Plugins.Meta.Tuning;
using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Meta;

public sealed class TuningUnitTests
{
    [Theory]
    [InlineData("net.ipv4.conf.all.forwarding", "eth0", "/proc/sys/net/ipv4/conf/all/forwarding")]
    [InlineData("net.ipv4.conf.IFNAME.arp_filter", "eth0", "/proc/sys/net/ipv4/conf/eth0/arp_filter")]
    [InlineData("net.ipv6.conf.IFNAME.accept_ra", "eth0.100", "/proc/sys/net/ipv6/conf/eth0.100/accept_ra")]
    [InlineData("net/ipv4/ip_forward", "eth0", "/proc/sys/net/ipv4/ip_forward")]
    public void Sysctl_keys_map_to_files_like_go(string key, string ifName, string file) =>
        Assert.Equal(file, TuningSettings.SysctlFile(key, ifName));

    [Theory]
    [InlineData("kernel.hostname")]
    [InlineData("net/../kernel/hostname")]
    [InlineData("../kernel/hostname")]
    [InlineData("net")]
    public void Sysctl_keys_outside_net_are_refused(string key)
    {
        var e = Assert.Throws<CniException>(() => TuningSettings.SysctlFile(key, "eth0"));
        Assert.Equal($"invalid net sysctl key: \"{key}\"", e.Msg);
    }

    [Fact]
    public void Backup_file_has_go_format()
    {
        var json = JsonSerializer.Serialize(new TuningBackup { Mac = "aa:bb:cc:dd:ee:ff", Mtu = 1500, Promisc = false, TxQLen = 1000 }, TuningJsonContext.Default.TuningBackup);
        Assert.Equal("{\n \"mac\": \"aa:bb:cc:dd:ee:ff\",\n \"promisc\": false,\n \"mtu\": 1500,\n \"txQLen\": 1000\n}", json);
    }
}

[Trait("Category", "Integration")]
public sealed class TuningTests : IDisposable
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..6];
    private readonly string _dataDir;

    public TuningTests() => _dataDir = Path.Combine(Path.GetTempPath(), "cni-tuning-test-" + _id);

    private string Prev(TestNetns ns) =>
        $"{{\"cniVersion\":\"1.0.0\",\"interfaces\":[{{\"name\":\"eth0\",\"mac\":\"02:00:00:00:00:01\",\"sandbox\":\"{ns.Path}\"}}],\"ips\":[{{\"address\":\"198.18.7.2/24\",\"interface\":0}}]}}";

    private string Conf(string body, string version = "1.0.0") =>
        $"{{\"cniVersion\":\"{version}\",\"name\":\"tune-{_id}\",\"type\":\"tuning\",\"dataDir\":\"{_dataDir}\"{body}}}";

    [Fact]
    public void Add_sets_everything_check_passes_del_restores_link()
    {
        Root.Require();
        using var ns = new TestNetns("tune");
        MetaTestSupport.AddContainerLink(ns);
        var before = Shell.IpJson(ns.Name, "-d", "link", "show", "eth0")[0];
        var conf = MetaTestSupport.WithPrev(Conf(",\"sysctl\":{\"net.ipv4.conf.IFNAME.arp_filter\":\"1\",\"net.ipv4.ip_forward\":\"1\"}," +
            "\"mtu\":1400,\"promisc\":true,\"allmulti\":true,\"txQLen\":123,\"mac\":\"02:11:22:33:44:55\""), Prev(ns));
        var add = CniBinary.Exec("tuning", MetaTestSupport.Env("ADD", "c" + _id, ns.Path), conf).Ok();
        var result = (Result)CniResults.Parse(Encoding.UTF8.GetBytes(add.Stdout));
        Assert.Equal("02:11:22:33:44:55", result.Interfaces[0].Mac);
        Assert.Equal("198.18.7.2/24", result.Ips[0].Address.ToString());

        var link = Shell.IpJson(ns.Name, "-d", "link", "show", "eth0")[0];
        Assert.Equal(1400, link.GetProperty("mtu").GetInt32());
        Assert.Equal("02:11:22:33:44:55", link.GetProperty("address").GetString());
        Assert.Equal(123, link.GetProperty("txqlen").GetInt32());
        var flags = link.GetProperty("flags").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Contains("PROMISC", flags);
        Assert.Contains("ALLMULTI", flags);
        Assert.Equal("1", Shell.Ok("ip", "netns", "exec", ns.Name, "cat", "/proc/sys/net/ipv4/conf/eth0/arp_filter").Trim());
        var backup = File.ReadAllText(Path.Combine(_dataDir, $"c{_id}_eth0.json"));
        Assert.Contains($"\"mac\": \"{before.GetProperty("address").GetString()}\"", backup, StringComparison.Ordinal);

        CniBinary.Exec("tuning", MetaTestSupport.Env("CHECK", "c" + _id, ns.Path), MetaTestSupport.WithPrev(conf, add.Stdout)).Ok();
        Shell.Ok("ip", "-n", ns.Name, "link", "set", "eth0", "mtu", "1300");
        var e = CniBinary.Exec("tuning", MetaTestSupport.Env("CHECK", "c" + _id, ns.Path), conf).Error();
        Assert.Equal("Error: Tuning configured MTU of eth0 is 1400, current value is 1300", e.Msg);

        CniBinary.Exec("tuning", MetaTestSupport.Env("DEL", "c" + _id, ns.Path), conf).Ok();
        var after = Shell.IpJson(ns.Name, "-d", "link", "show", "eth0")[0];
        Assert.Equal(before.GetProperty("mtu").GetInt32(), after.GetProperty("mtu").GetInt32());
        Assert.Equal(before.GetProperty("address").GetString(), after.GetProperty("address").GetString());
        Assert.Equal(before.GetProperty("txqlen").GetInt32(), after.GetProperty("txqlen").GetInt32());
        Assert.DoesNotContain("PROMISC", after.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.DoesNotContain("ALLMULTI", after.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.False(File.Exists(Path.Combine(_dataDir, $"c{_id}_eth0.json")));
    }

    [Fact]
    public void Args_and_cni_args_override_config_and_go_can_restore_our_backup()
    {
        Root.Require();
        using var ns = new TestNetns("tunea");
        MetaTestSupport.AddContainerLink(ns);
        var before = Shell.IpJson(ns.Name, "link", "show", "eth0")[0];
        var conf = MetaTestSupport.WithPrev(Conf(",\"sysctl\":{},\"mtu\":1400,\"mac\":\"02:00:00:00:00:aa\",\"args\":{\"cni\":{\"mtu\":1280,\"sysctl\":{\"net.ipv4.conf.eth0.arp_ignore\":\"2\"}}}"), Prev(ns));
        CniBinary.Exec("tuning", MetaTestSupport.Env("ADD", "c" + _id, ns.Path, args: "IgnoreUnknown=1;MAC=02:00:00:00:00:bb"), conf).Ok();
        var link = Shell.IpJson(ns.Name, "link", "show", "eth0")[0];
        Assert.Equal(1280, link.GetProperty("mtu").GetInt32());
        Assert.Equal("02:00:00:00:00:bb", link.GetProperty("address").GetString());
        Assert.Equal("2", Shell.Ok("ip", "netns", "exec", ns.Name, "cat", "/proc/sys/net/ipv4/conf/eth0/arp_ignore").Trim());

        // The Go plugin restores from the backup we wrote (same file, same format).
        MetaTestSupport.ExecGo("tuning", MetaTestSupport.Env("DEL", "c" + _id, ns.Path), conf).Ok();
        var after = Shell.IpJson(ns.Name, "link", "show", "eth0")[0];
        Assert.Equal(before.GetProperty("mtu").GetInt32(), after.GetProperty("mtu").GetInt32());
        Assert.Equal(before.GetProperty("address").GetString(), after.GetProperty("address").GetString());
    }

    [Theory]
    [InlineData(",\"sysctl\":{\"kernel.hostname\":\"x\"}", "invalid net sysctl key: \"kernel.hostname\"")]
    [InlineData(",\"sysctl\":{\"net/../../kernel/hostname\":\"x\"}", "invalid net sysctl key: \"net/../../kernel/hostname\"")]
    [InlineData(",\"sysctl\":{\"net.ipv4.ip_forward\":\"1\",\"net.ipv4.ip_forward\":\"0\"}", "duplicated sysctl keys are not allowed")]
    public void Bad_sysctls_are_refused_and_nothing_is_written(string body, string message)
    {
        Root.Require();
        using var ns = new TestNetns("tuneb");
        MetaTestSupport.AddContainerLink(ns);
        var e = CniBinary.Exec("tuning", MetaTestSupport.Env("ADD", "c" + _id, ns.Path), MetaTestSupport.WithPrev(Conf(body + ",\"mtu\":1400"), Prev(ns))).Error();
        Assert.Equal(message, e.Msg);
        Assert.NotEqual(1400, Shell.IpJson(ns.Name, "link", "show", "eth0")[0].GetProperty("mtu").GetInt32());
    }

    [Fact]
    public void Del_after_the_netns_is_gone_succeeds_and_drops_the_backup()
    {
        Root.Require();
        var ns = new TestNetns("tuneg");
        MetaTestSupport.AddContainerLink(ns);
        var conf = MetaTestSupport.WithPrev(Conf(",\"mtu\":1400"), Prev(ns));
        CniBinary.Exec("tuning", MetaTestSupport.Env("ADD", "c" + _id, ns.Path), conf).Ok();
        var path = ns.Path;
        ns.Dispose();
        CniBinary.Exec("tuning", MetaTestSupport.Env("DEL", "c" + _id, path), conf).Ok();
        Assert.False(File.Exists(Path.Combine(_dataDir, $"c{_id}_eth0.json")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
