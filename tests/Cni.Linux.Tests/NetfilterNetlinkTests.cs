using System.Net.Sockets;
using Cni.Linux.PacketFilter;
using Cni.Linux.Tests.Support;

namespace Cni.Linux.Tests;

/// <summary>Our nfnetlink requests (ctnetlink delete, nf_tables table lookup) against the kernel, in a test namespace.</summary>
[Trait("Category", "Integration")]
public sealed class NetfilterNetlinkTests
{
    [Fact]
    public void Conntrack_delete_by_destination_port_removes_only_matching_entries_of_the_family_and_protocol()
    {
        Root.Require();
        using var test = TestNetNs.Create();
        void Insert(string proto, string src, string dst, int dport) =>
            Ip.Run("ip", ["netns", "exec", test.Name, "conntrack", "-I", "-p", proto, "-s", src, "-d", dst, "--sport", "40000",
                "--dport", dport.ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout", "60", .. proto == "tcp" ? new[] { "--state", "ESTABLISHED" } : []]);
        Insert("udp", "198.18.77.2", "198.18.77.1", 18300);
        Insert("udp", "198.18.77.3", "198.18.77.1", 18300);
        Insert("udp", "198.18.77.2", "198.18.77.1", 18301);
        Insert("tcp", "198.18.77.2", "198.18.77.1", 18300);
        Insert("udp", "fd00:77::2", "fd00:77::1", 18300);

        var deleted = test.Ns.Run(() => Conntrack.DeleteByDestinationPort(AddressFamily.InterNetwork, 17, 18300));

        Assert.Equal(2, deleted);
        var left = Ip.Run("ip", "netns", "exec", test.Name, "conntrack", "-L", "-f", "ipv4");
        Assert.DoesNotContain(left.Split('\n'), l => l.StartsWith("udp", StringComparison.Ordinal) && l.Contains("dport=18300 ", StringComparison.Ordinal));
        Assert.Contains("dport=18301", left, StringComparison.Ordinal);
        Assert.Contains("tcp", left, StringComparison.Ordinal);
        Assert.Contains("dport=18300", Ip.Run("ip", "netns", "exec", test.Name, "conntrack", "-L", "-f", "ipv6"), StringComparison.Ordinal);
        Assert.Equal(0, test.Ns.Run(() => Conntrack.DeleteByDestinationPort(AddressFamily.InterNetwork, 17, 18300)));
    }

    [Fact]
    public void Nftables_table_lookup_without_nft()
    {
        Root.Require();
        using var test = TestNetNs.Create();
        var name = "cni_test_" + Guid.NewGuid().ToString("N")[..8];
        Assert.False(test.Ns.Run(() => Nftables.TableExists("inet", name)));
        Ip.Run("ip", "netns", "exec", test.Name, "nft", "add", "table", "inet", name);
        Assert.True(test.Ns.Run(() => Nftables.TableExists("inet", name)));
        Assert.False(test.Ns.Run(() => Nftables.TableExists("ip", name)));
        Assert.Null(test.Ns.Run(() => Nftables.ListTableRules("ip", name)));
        Assert.NotNull(test.Ns.Run(() => Nftables.ListTableRules("inet", name)));
    }
}
