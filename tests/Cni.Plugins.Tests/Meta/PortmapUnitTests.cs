using System.Text;
using Cni.Plugin;
using Cni.Plugins.Common;
using Cni.Plugins.Meta.Portmap;
using Xunit;

namespace Cni.Plugins.Tests.Meta;

public sealed class PortmapUnitTests
{
    private const string GoTestContainerId =
        "icee6giejonei6sohng6ahngee7laquohquee9shiGo7fohferakah3Feiyoolu2pei7ciPhoh7shaoX6vai3vuf0ahfaeng8yohb9ceu0daez5hashee8ooYai5wa3y";

    private static PortmapSettings Load(string body, string containerId = "cid1", string command = "ADD")
    {
        var conf = "{\"cniVersion\":\"1.0.0\",\"name\":\"test\",\"type\":\"portmap\"," + body +
                   ",\"prevResult\":{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"host\"},{\"name\":\"eth0\",\"sandbox\":\"/var/run/netns/x\"}]," +
                   "\"ips\":[{\"address\":\"198.18.0.2/24\",\"interface\":1},{\"address\":\"198.18.9.9/24\",\"interface\":0},{\"address\":\"fd00::2/64\",\"interface\":1}]}}";
        return PortmapSettings.Load(new PluginRequest
        {
            Command = command == "ADD" ? CniCommand.Add : CniCommand.Del,
            ContainerId = containerId,
            IfName = "eth0",
            Config = NetworkConfig.Parse(Encoding.UTF8.GetBytes(conf)),
        });
    }

    [Fact]
    public void Chain_names_match_go_vectors()
    {
        Assert.Equal("CNI-DN-67e92b96e692a494b6b85", PortmapIptables.DnatChain("test", GoTestContainerId));
        Assert.Equal("CNI-PREFIX-2bbe0c48b91a7d1b8", ChainNames.Chain("test", "1234", "PREFIX-"));
        Assert.Equal("CNI-2bbe0c48b91a7d1b8a6753a8", ChainNames.Chain("test", "1234"));
    }

    [Fact]
    public void Capability_keys_are_read_in_any_case_and_container_ips_skip_host_interfaces()
    {
        var s = Load("\"runtimeConfig\":{\"portMappings\":[{\"HostPort\":8080,\"ContainerPort\":80,\"Protocol\":\"TCP\",\"HostIP\":\"198.18.0.1\"}]}");
        var m = Assert.Single(s.Mappings);
        Assert.Equal((8080, 80, "tcp", "198.18.0.1"), (m.HostPort, m.ContainerPort, m.Protocol, m.HostIPText));
        Assert.Equal("198.18.0.2/24", s.ContainerV4!.Value.ToString());
        Assert.Equal("fd00::2/64", s.ContainerV6!.Value.ToString());
        Assert.True(s.Snat);
        Assert.Equal(13, s.MarkBit);
    }

    [Theory]
    [InlineData("\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":0,\"containerPort\":80,\"protocol\":\"tcp\"}]}", "failed to parse config: Invalid host port number: 0")]
    [InlineData("\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":70000,\"containerPort\":80,\"protocol\":\"tcp\"}]}", "failed to parse config: Invalid host port number: 70000")]
    [InlineData("\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":80,\"containerPort\":-1,\"protocol\":\"tcp\"}]}", "failed to parse config: Invalid container port number: -1")]
    [InlineData("\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":80,\"containerPort\":80,\"protocol\":\"icmp\"}]}", "failed to parse config: Invalid protocol: \"icmp\" (must be tcp, udp or sctp)")]
    [InlineData("\"markMasqBit\":32", "failed to parse config: MasqMarkBit must be between 0 and 31")]
    [InlineData("\"markMasqBit\":5,\"externalSetMarkChain\":\"KUBE-MARK-MASQ\"", "failed to parse config: Cannot specify externalSetMarkChain and markMasqBit")]
    [InlineData("\"backend\":\"pf\"", "failed to parse config: unrecognized backend \"pf\"")]
    public void Bad_configs_fail_with_go_messages(string body, string message) =>
        Assert.Equal(message, Assert.Throws<CniException>(() => Load(body)).Msg);

    [Fact]
    public void Options_of_the_other_backend_are_refused()
    {
        var e = Assert.Throws<CniException>(() => Load("\"backend\":\"iptables\",\"conditionsV4\":[\"ip\",\"saddr\",\"1.2.3.4\"]").UseNftables());
        Assert.Equal("failed to parse config: iptables backend was requested but configuration contains nftables-specific options [conditionsV4]", e.Msg);
        e = Assert.Throws<CniException>(() => Load("\"backend\":\"nftables\",\"externalSetMarkChain\":\"X\",\"conditionsV6\":[\"-d\",\"::1\"]").UseNftables());
        Assert.Equal("failed to parse config: nftables backend was requested but configuration contains iptables-specific options [externalSetMarkChain conditionsV6]", e.Msg);
    }

    [Fact]
    public void Iptables_batch_on_an_empty_table_creates_go_chains_and_rules()
    {
        var s = Load("\"conditionsV4\":[\"!\",\"-s\",\"198.19.0.0/16\"],\"runtimeConfig\":{\"portMappings\":[" +
                     "{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"},{\"hostPort\":8443,\"containerPort\":443,\"protocol\":\"tcp\",\"hostIP\":\"198.18.0.1\"}," +
                     "{\"hostPort\":53,\"containerPort\":53,\"protocol\":\"udp\",\"hostIP\":\"fd00::1\"}]}", "ctr");
        var chain = PortmapIptables.DnatChain("test", "ctr");
        var batch = PortmapIptables.AddBatch(s, s.ContainerV4!.Value, IptablesSnapshot.Parse(""));
        Assert.Equal(string.Join('\n',
            "*nat",
            ":CNI-HOSTPORT-SETMARK - [0:0]",
            ":CNI-HOSTPORT-MASQ - [0:0]",
            ":CNI-HOSTPORT-DNAT - [0:0]",
            $":{chain} - [0:0]",
            "-A CNI-HOSTPORT-SETMARK -m comment --comment \"CNI portfwd masquerade mark\" -j MARK --set-xmark 0x2000/0x2000",
            "-A CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE",
            "-I POSTROUTING 1 -m comment --comment \"CNI portfwd requiring masquerade\" -j CNI-HOSTPORT-MASQ",
            "-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT",
            "-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT",
            $"-A {chain} -p tcp --dport 8080 -s 198.18.0.2/24 -j CNI-HOSTPORT-SETMARK",
            $"-A {chain} -p tcp --dport 8080 -s 127.0.0.1 -j CNI-HOSTPORT-SETMARK",
            $"-A {chain} -p tcp --dport 8080 -j DNAT --to-destination 198.18.0.2:80",
            $"-A {chain} -p tcp --dport 8443 -d 198.18.0.1 -s 198.18.0.2/24 -j CNI-HOSTPORT-SETMARK",
            $"-A {chain} -p tcp --dport 8443 -d 198.18.0.1 -s 127.0.0.1 -j CNI-HOSTPORT-SETMARK",
            $"-A {chain} -p tcp --dport 8443 -d 198.18.0.1 -j DNAT --to-destination 198.18.0.2:443",
            $"-A CNI-HOSTPORT-DNAT -m comment --comment \"dnat name: \\\"test\\\" id: \\\"ctr\\\"\" -m multiport -p tcp --destination-ports 8080,8443 ! -s 198.19.0.0/16 -j {chain}",
            $"-A CNI-HOSTPORT-DNAT -m comment --comment \"dnat name: \\\"test\\\" id: \\\"ctr\\\"\" -m multiport -p udp --destination-ports 53 ! -s 198.19.0.0/16 -j {chain}",
            "COMMIT", ""), batch);

        var v6 = PortmapIptables.DnatRules(s with { MasqAll = true }, s.ContainerV6!.Value);
        Assert.Equal([
            ["-p", "tcp", "--dport", "8080", "-s", "::/0", "-j", "CNI-HOSTPORT-SETMARK"],
            ["-p", "tcp", "--dport", "8080", "-j", "DNAT", "--to-destination", "[fd00::2]:80"],
            ["-p", "udp", "--dport", "53", "-d", "fd00::1", "-s", "::/0", "-j", "CNI-HOSTPORT-SETMARK"],
            ["-p", "udp", "--dport", "53", "-d", "fd00::1", "-j", "DNAT", "--to-destination", "[fd00::2]:53"]], v6);
    }

    [Fact]
    public void Iptables_batch_reuses_shared_chains_and_replaces_stale_entries()
    {
        var s = Load("\"externalSetMarkChain\":\"KUBE-MARK-MASQ\",\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}]}", "ctr");
        var chain = PortmapIptables.DnatChain("test", "ctr");
        var save = string.Join('\n', "*nat", ":PREROUTING ACCEPT [0:0]", ":CNI-HOSTPORT-DNAT - [0:0]", $":{chain} - [0:0]",
            "-A PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT", "-A OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT",
            $"-A CNI-HOSTPORT-DNAT -p tcp -m comment --comment \"dnat name: \\\"test\\\" id: \\\"ctr\\\"\" -m multiport --dports 9090 -j {chain}", "COMMIT");
        var batch = PortmapIptables.AddBatch(s, s.ContainerV4!.Value, IptablesSnapshot.Parse(save));
        Assert.DoesNotContain("CNI-HOSTPORT-SETMARK", batch, StringComparison.Ordinal);
        Assert.DoesNotContain("-A PREROUTING", batch, StringComparison.Ordinal);
        Assert.Contains($"-D CNI-HOSTPORT-DNAT -p tcp -m comment --comment \"dnat name: \\\"test\\\" id: \\\"ctr\\\"\" -m multiport --dports 9090 -j {chain}", batch, StringComparison.Ordinal);
        Assert.Contains($"-A {chain} -p tcp --dport 8080 -s 198.18.0.2/24 -j KUBE-MARK-MASQ", batch, StringComparison.Ordinal);

        var del = PortmapIptables.DelBatch("test", "ctr", IptablesSnapshot.Parse(save));
        Assert.Equal(string.Join('\n', "*nat",
            $"-D CNI-HOSTPORT-DNAT -p tcp -m comment --comment \"dnat name: \\\"test\\\" id: \\\"ctr\\\"\" -m multiport --dports 9090 -j {chain}",
            $"-F {chain}", $"-X {chain}", "COMMIT", ""), del);
        Assert.Null(PortmapIptables.DelBatch("test", "other", IptablesSnapshot.Parse(save)));
    }

    [Fact]
    public void More_than_15_ports_are_split_into_multiport_groups()
    {
        var maps = string.Join(',', Enumerable.Range(1000, 17).Select(p => $"{{\"hostPort\":{p},\"containerPort\":80,\"protocol\":\"tcp\"}}"));
        var entries = PortmapIptables.EntryRules(Load($"\"runtimeConfig\":{{\"portMappings\":[{maps}]}}"), ipv4: true);
        Assert.Equal(2, entries.Count);
        Assert.Equal(string.Join(',', Enumerable.Range(1000, 15)), entries[0][9]);
        Assert.Equal("1015,1016", entries[1][9]);
    }

    [Fact]
    public void Nftables_transaction_matches_go_v19_layout_with_network_in_the_comment()
    {
        var s = Load("\"backend\":\"nftables\",\"conditionsV4\":[\"iifname\",\"!=\",\"lo2\"],\"runtimeConfig\":{\"portMappings\":[" +
                     "{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"},{\"hostPort\":53,\"containerPort\":53,\"protocol\":\"udp\",\"hostIP\":\"fd00::1\"}]}", "ctr");
        var c = "ctr, net: test";
        Assert.Equal(string.Join('\n',
            "add table ip cni_hostport { comment \"CNI portmap plugin\" ; }",
            "add chain ip cni_hostport hostports",
            "add chain ip cni_hostport hostip_hostports",
            "add chain ip cni_hostport hostports_all",
            "flush chain ip cni_hostport hostports_all",
            "add rule ip cni_hostport hostports_all jump hostip_hostports",
            "add rule ip cni_hostport hostports_all jump hostports",
            "add chain ip cni_hostport prerouting { type nat hook prerouting priority -100 ; }",
            "flush chain ip cni_hostport prerouting",
            "add rule ip cni_hostport prerouting iifname != lo2 fib daddr type local jump hostports_all",
            "add chain ip cni_hostport output { type nat hook output priority -100 ; }",
            "flush chain ip cni_hostport output",
            "add rule ip cni_hostport output iifname != lo2 fib daddr type local jump hostports_all",
            "add chain ip cni_hostport masquerading { type nat hook postrouting priority 100 ; }",
            $"add rule ip cni_hostport hostports tcp dport 8080 dnat to 198.18.0.2:80 comment \"{c}\"",
            $"add rule ip cni_hostport masquerading ip saddr 198.18.0.2 ip daddr 198.18.0.2 masquerade comment \"{c}\"",
            $"add rule ip cni_hostport masquerading ip saddr 127.0.0.1 ip daddr 198.18.0.2 masquerade comment \"{c}\"",
            "add table ip6 cni_hostport { comment \"CNI portmap plugin\" ; }",
            "add chain ip6 cni_hostport hostports",
            "add chain ip6 cni_hostport hostip_hostports",
            "add chain ip6 cni_hostport hostports_all",
            "flush chain ip6 cni_hostport hostports_all",
            "add rule ip6 cni_hostport hostports_all jump hostip_hostports",
            "add rule ip6 cni_hostport hostports_all jump hostports",
            "add chain ip6 cni_hostport prerouting { type nat hook prerouting priority -100 ; }",
            "flush chain ip6 cni_hostport prerouting",
            "add rule ip6 cni_hostport prerouting fib daddr type local jump hostports_all",
            "add chain ip6 cni_hostport output { type nat hook output priority -100 ; }",
            "flush chain ip6 cni_hostport output",
            "add rule ip6 cni_hostport output fib daddr type local jump hostports_all",
            "add chain ip6 cni_hostport masquerading { type nat hook postrouting priority 100 ; }",
            $"add rule ip6 cni_hostport hostports tcp dport 8080 dnat to [fd00::2]:80 comment \"{c}\"",
            $"add rule ip6 cni_hostport hostports ip6 daddr fd00::1 udp dport 53 dnat to [fd00::2]:53 comment \"{c}\"",
            $"add rule ip6 cni_hostport masquerading ip6 saddr fd00::2 ip6 daddr fd00::2 masquerade comment \"{c}\"",
            ""), PortmapNftables.AddTransaction(s));
        var all = PortmapNftables.AddTransaction(s with { MasqAll = true, ContainerV6 = null });
        Assert.Contains("ip saddr 0.0.0.0/0 ip daddr 198.18.0.2 masquerade", all, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", all, StringComparison.Ordinal);
    }
}
