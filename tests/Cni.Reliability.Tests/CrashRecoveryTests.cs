using System.Diagnostics;
using Cni.Plugins.Tests.Harness;
using Cni.Reliability.Tests.Support;
using Cni.Runtime;

namespace Cni.Reliability.Tests;

/// <summary>
/// kill -9 during ADD or DEL (cnitool and the plugins it runs, frozen and killed together at a random moment), then
/// recovery as a runtime does it: DEL with the same config and container ID, twice. Nothing of the attachment may
/// survive. Also a node "reboot": every pod namespace gone without DEL.
/// </summary>
[Trait("Category", "Integration")]
[Collection(NodeCollection.Name)]
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private static int Points => Settings.Long ? 200 : 20;

    [Theory]
    [InlineData("add", "198.18.160.0/24")]
    [InlineData("del", "198.18.161.0/24")]
    public async Task Kill_9_at_a_random_point_then_del_leaves_nothing(string killed, string subnet)
    {
        Root.Require();
        var seed = Settings.Seed();
        var rng = new Random(seed);
        using var node = new Node("crash" + killed, subnet);

        // The undisturbed operation, timed (after a first one that creates the bridge and chains), so that the
        // kills spread over its whole length.
        var first = node.NewPod();
        Assert.True(node.Cnitool("add", first, 20000).Exit == 0);
        Assert.True(node.Cnitool("del", first, 20000).Exit == 0);
        Node.RemovePod(first);
        var warm = node.NewPod();
        var sw = Stopwatch.StartNew();
        var add = node.Cnitool("add", warm, 20000);
        var addMs = sw.ElapsedMilliseconds;
        Assert.True(add.Exit == 0, $"undisturbed ADD: {add}");
        sw.Restart();
        var del = node.Cnitool("del", warm, 20000);
        var delMs = sw.ElapsedMilliseconds;
        Assert.True(del.Exit == 0, $"undisturbed DEL: {del}");
        Node.RemovePod(warm);
        Assert.Empty(node.Leaks(Node.ContainerIdOf(warm)));

        var window = (int)((killed == "add" ? addMs : delMs) * 1.25) + 2;
        int landed = 0, finishedFirst = 0;
        for (int i = 1; i <= Points; i++)
        {
            var pod = node.NewPod();
            var id = Node.ContainerIdOf(pod);
            var port = 20000 + i;
            if (killed == "del")
            {
                var setup = node.Cnitool("add", pod, port);
                Assert.True(setup.Exit == 0, $"ADD before the killed DEL: {setup}");
            }
            var delay = rng.Next(0, window + 1);
            using (var p = node.StartCnitool(killed, pod, port))
            {
                Thread.Sleep(delay);
                if (p.HasExited || Proc.KillTree(p.Id) == 0)
                {
                    finishedFirst++;
                }
                else
                {
                    landed++;
                }
                Proc.Finish(p);
            }

            var where = $"kill {i} of {Points} at {delay} ms into {killed.ToUpperInvariant()} (seed {seed})";
            var recovery = node.Cnitool("del", pod, port);
            Assert.True(recovery.Exit == 0, $"{where}: recovery DEL failed: {recovery}");
            var again = node.Cnitool("del", pod, port);
            Assert.True(again.Exit == 0, $"{where}: second DEL failed: {again}");
            Assert.True(Node.PodLinks(pod).Count == 0, $"{where}: the pod still has {string.Join(", ", Node.PodLinks(pod))}");
            Node.RemovePod(pod);
            // A host-local killed mid-write leaves its temporary file (named by its pid) in the store's work
            // directory; that is GC's to remove, checked below. Everything else must be gone after DEL.
            var leaks = node.Leaks(id, storeTemporaries: false);
            Assert.True(leaks.Count == 0, $"{where}: left behind:\n{string.Join('\n', leaks)}");
        }
        var temporaries = node.StoreTemporaries();
        await node.Cni.GCNetworkListAsync(node.List, new GCArgs([]), TestContext.Current.CancellationToken);
        var afterGc = node.Leaks();
        Assert.True(afterGc.Count == 0, $"seed {seed}: left behind after GC:\n{string.Join('\n', afterGc)}");
        output.WriteLine($"kill -9 during {killed.ToUpperInvariant()}: {Points} points over 0-{window} ms (undisturbed ADD {addMs} ms, DEL {delMs} ms), " +
                         $"{landed} landed mid-operation, {finishedFirst} after it had finished; seed {seed}; leaks: 0 " +
                         $"({temporaries} host-local temporary files after the DELs, removed by GC)");
    }

    [Theory]
    [InlineData(true, "198.18.162.0/24")]
    [InlineData(false, "198.18.163.0/24")]
    public async Task Node_reboot_then_del_and_gc_leaves_nothing(bool delEach, string subnet)
    {
        Root.Require();
        using var node = new Node(delEach ? "rebootdel" : "rebootgc", subnet);
        var pods = Enumerable.Range(0, 10).Select(_ => node.NewPod()).ToList();
        for (int i = 0; i < pods.Count; i++)
        {
            var add = node.Cnitool("add", pods[i], 21000 + i);
            Assert.True(add.Exit == 0, $"ADD {i}: {add}");
        }
        Assert.Equal(10, node.Reservations().Count);

        // The reboot: namespaces (and with them the veths) are gone, nobody ran DEL.
        pods.ForEach(Node.RemovePod);

        if (delEach)
        {
            for (int i = 0; i < pods.Count; i++)
            {
                var del = node.Cnitool("del", pods[i], 21000 + i);
                Assert.True(del.Exit == 0, $"DEL {i} with its netns gone: {del}");
            }
        }
        await node.Cni.GCNetworkListAsync(node.List, new GCArgs([]), TestContext.Current.CancellationToken);

        var leaks = node.Leaks();
        Assert.True(leaks.Count == 0, "left behind:\n" + string.Join('\n', leaks));
        output.WriteLine($"reboot with 10 pods, {(delEach ? "DEL of each then GC" : "GC alone")}: leaks: 0");
    }
}
