using Cni.Differential.Tests.Harness;
using Xunit;

namespace Cni.Differential.Tests.Cases;

/// <summary>
/// One test per difference found in our plugins that is not deliberate: each compares Go and ours on exactly that
/// aspect, without the broad cases' allowance (<see cref="Incompatibility"/>), and fails until ours matches.
/// </summary>
[Trait("Category", "Differential")]
public class IncompatibilityTests
{
    private const string Conf = """{"cniVersion":"1.0.0","name":"brnet","type":"bridge","bridge":"cnidbr0","isGateway":true,"ipam":{"type":"host-local","dataDir":"{dataDir}","ranges":[[{"subnet":"198.18.13.0/24"}]]}}""";

    private static List<string> Attach(World w, Func<string, bool> keep)
    {
        var ctr = w.Container();
        var add = w.Exec("ADD", "bridge", "ADD", Conf, ctr).Ok().Json();
        var lines = new List<string>();
        var ifs = add["interfaces"]!.AsArray();
        var macs = keep("mac");
        if (macs) lines.Add("bridge MAC in the result is its own, not its port's: " + ((string)ifs[0]!["mac"]! != (string)ifs[1]!["mac"]!));
        lines.AddRange(w.Observe("after ADD").Where(keep));
        w.Exec("DEL", "bridge", "DEL", Conf, ctr).Ok();
        var mac = Shell.Ok("ip", "-n", w.HostNs, "-br", "link", "show", "cnidbr0").Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
        if (macs) lines.Add("bridge MAC after its last port left is the one it had: " + (mac == (string)ifs[0]!["mac"]!));
        return lines;
    }

    private static void Compare(string name, Func<string, bool> keep)
    {
        PluginDirs.Require("bridge");
        var hex = Guid.NewGuid().ToString("N")[..6];
        List<string> Play(Impl impl)
        {
            using var w = new World(impl, name, hex, new HashSet<string>());
            return Attach(w, keep);
        }
        var go = Task.Run(() => Play(Impl.Go));
        var ours = Task.Run(() => Play(Impl.Ours));
        Assert.Equal(go.Result, ours.Result);
    }

    [Fact]
    public void Bridge_mac_is_pinned() => Compare("inc-brmac", l => l == "mac");

    [Fact]
    public void Ipv4_addresses_carry_the_broadcast() => Compare("inc-brd", l => l.Contains(".broadcast = \"198.", StringComparison.Ordinal));

    [Fact]
    public void Veth_txqueuelen_is_zero() => Compare("inc-txq", l => l.Contains("/link[", StringComparison.Ordinal) && l.Contains(".txqlen", StringComparison.Ordinal));

    [Fact]
    public void Host_local_lock_mode() => Compare("inc-lock", l => l.Contains("/lock mode=", StringComparison.Ordinal));
}
