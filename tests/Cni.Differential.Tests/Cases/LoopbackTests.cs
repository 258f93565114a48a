using Cni.Differential.Tests.Harness;
using Xunit;

namespace Cni.Differential.Tests.Cases;

[Trait("Category", "Differential")]
public class LoopbackTests
{
    /// <summary>
    /// Go's loopback labels its 1.0.0-shaped result with the config's version before "converting" it, so the
    /// conversion is skipped: a 0.1.0/0.2.0 config gets <c>interfaces</c>/<c>ips</c> instead of <c>ip4</c>/<c>ip6</c>,
    /// and 0.3.x/0.4.0 IPs lack the required <c>version</c>. Ours converts as the spec says.
    /// </summary>
    private static readonly Known[] ResultShape =
    [
        new(@"^ADD: out\.(interfaces|ips)\[", @"^ADD: out\.ip[46]\.ip = ", "Go skips the down-conversion of loopback's result for 0.1.0/0.2.0 (1.0.0 shape with an old version label); ours emits ip4/ip6"),
        new(null, @"^ADD: out\.ips\[\d\]\.version = ", "Go skips the down-conversion of loopback's result for 0.3.x/0.4.0, so its IPs lack the required \"version\"; ours has it"),
    ];

    [Theory]
    [MemberData(nameof(Versions.All), MemberType = typeof(Versions))]
    public void Add_check_del(string version) => SideBySide.Run($"lo-{version}", "loopback", w =>
    {
        var ctr = w.Container();
        var conf = $$"""{"cniVersion":"{{version}}","name":"lonet","type":"loopback"}""";
        w.Exec("ADD", "loopback", "ADD", conf, ctr, ifname: "lo");
        w.Observe("after ADD");
        if (Versions.HasCheck(version))
        {
            w.Exec("CHECK", "loopback", "CHECK", conf, ctr, ifname: "lo");
        }
        w.Exec("DEL", "loopback", "DEL", conf, ctr, ifname: "lo");
        w.Observe("after DEL");
        w.Exec("DEL again", "loopback", "DEL", conf, ctr, ifname: "lo");
    }, version switch
    {
        "0.1.0" or "0.2.0" => [ResultShape[0]],
        "1.0.0" => [],
        _ => [ResultShape[1]],
    });
}
