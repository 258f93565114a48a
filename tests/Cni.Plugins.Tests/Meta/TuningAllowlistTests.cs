using Cni.Plugins.Tests.Harness;
using Xunit;

namespace Cni.Plugins.Tests.Meta;

/// <summary>
/// The sysctl allowlist through the binary. <c>/etc/cni/tuning/allowlist.conf</c> is one file for the whole host, so
/// each call runs in a private mount namespace where the test's own directory is bound over <c>/etc/cni</c>: other
/// tests running at the same time never see it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TuningAllowlistTests
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];

    private CniBinary.Outcome Add(TestNetns ns, string etcCni, string sysctl)
    {
        var conf = MetaTestSupport.WithPrev(
            $"{{\"cniVersion\":\"1.0.0\",\"name\":\"allow-{_id}\",\"type\":\"tuning\",\"sysctl\":{{{sysctl}}}}}",
            $"{{\"cniVersion\":\"1.0.0\",\"interfaces\":[{{\"name\":\"eth0\",\"sandbox\":\"{ns.Path}\"}}]}}");
        return CniBinary.ExecWrapped(
            ["unshare", "-m", "--propagation", "private", "sh", "-c", "mount --bind \"$1\" /etc/cni && exec \"$2\"", "sh", etcCni, Path.Combine(CniBinary.Dir, "tuning")],
            CniBinary.Env("ADD", containerId: "allow-" + _id, netns: ns.Path), conf);
    }

    [Fact]
    public void Keys_are_checked_against_the_allowlist_patterns()
    {
        Root.Require();
        var etcCni = Directory.CreateTempSubdirectory("cni-allowlist-" + _id).FullName;
        var createdEtcCni = !Directory.Exists("/etc/cni");
        try
        {
            Directory.CreateDirectory("/etc/cni");
            Directory.CreateDirectory(Path.Combine(etcCni, "tuning"));
            var allowlist = Path.Combine(etcCni, "tuning", "allowlist.conf");
            File.WriteAllLines(allowlist, [@"^net\.core\.somaxconn$", "", @"  ^net\.ipv4\.conf\.IFNAME\.[a-z_]*$  "]);
            using var ns = new TestNetns("allow");
            MetaTestSupport.AddContainerLink(ns);

            Add(ns, etcCni, "\"net.core.somaxconn\":\"513\",\"net.ipv4.conf.IFNAME.arp_notify\":\"1\"").Ok();
            Assert.Equal("513", Shell.Ok("ip", "netns", "exec", ns.Name, "cat", "/proc/sys/net/core/somaxconn").Trim());
            Assert.Equal("1", Shell.Ok("ip", "netns", "exec", ns.Name, "cat", "/proc/sys/net/ipv4/conf/eth0/arp_notify").Trim());

            var refused = Add(ns, etcCni, "\"net.ipv4.conf.IFNAME.arp_notify\":\"0\",\"net.core.somaxconnx\":\"1\"").Error();
            Assert.Equal((CniErrorCode.Internal, @"Sysctl net.core.somaxconnx is not allowed. Only the following sysctls are allowed: [^net\.core\.somaxconn$ ^net\.ipv4\.conf\.IFNAME\.[a-z_]*$]"),
                (refused.Code, refused.Msg));
            Assert.Equal("1", Shell.Ok("ip", "netns", "exec", ns.Name, "cat", "/proc/sys/net/ipv4/conf/eth0/arp_notify").Trim());

            File.WriteAllLines(allowlist, [@"^net\.core\.somaxconn$", "net{2}"]);
            var unsupported = Add(ns, etcCni, "\"net.core.somaxconn\":\"514\"").Error();
            Assert.StartsWith("sysctl allowlist pattern `net{2}`: ", unsupported.Msg);
            Assert.Equal("513", Shell.Ok("ip", "netns", "exec", ns.Name, "cat", "/proc/sys/net/core/somaxconn").Trim());
        }
        finally
        {
            Directory.Delete(etcCni, recursive: true);
            if (createdEtcCni && !Directory.EnumerateFileSystemEntries("/etc/cni").Any())
            {
                Directory.Delete("/etc/cni");
            }
        }
    }
}
