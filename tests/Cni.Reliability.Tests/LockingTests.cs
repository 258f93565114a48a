using System.Text.Json;
using Cni.Plugins.Tests.Harness;
using Cni.Reliability.Tests.Support;
using Cni.Runtime;

namespace Cni.Reliability.Tests;

/// <summary>
/// host-local under concurrent processes, an exhausted range, libcni's cache under concurrent DEL and GC, and a full
/// disk under the store: errors are clean CNI errors and the state on disk stays consistent.
/// </summary>
[Trait("Category", "Integration")]
[Collection(NodeCollection.Name)]
public sealed class LockingTests(ITestOutputHelper output)
{
    private static string HostLocalConf(string network, string dataDir, string range) =>
        $$$"""{"cniVersion":"1.1.0","name":"{{{network}}}","type":"bridge","ipam":{"type":"host-local","dataDir":"{{{dataDir}}}","ranges":[[{{{range}}}]]}}""";

    private static Task<CniBinary.Outcome>[] Parallel(string command, IEnumerable<string> ids, string conf) =>
        [.. ids.Select(id => Task.Run(() => CniBinary.Exec("host-local", CniBinary.Env(command, containerId: id, netns: "/var/run/netns/none"), conf)))];

    private static string AddressOf(CniBinary.Outcome o)
    {
        using var doc = JsonDocument.Parse(o.Stdout);
        return doc.RootElement.GetProperty("ips")[0].GetProperty("address").GetString()!.Split('/')[0];
    }

    /// <summary>The store: every file is a reservation, <c>lock</c>, <c>last_reserved_ip.0</c> or the index; no temporary file.</summary>
    private static void AssertStoreClean(string store)
    {
        var odd = Directory.GetFiles(store).Select(Path.GetFileName)
            .Where(f => !System.Net.IPAddress.TryParse(f, out _) && f is not ("lock" or "last_reserved_ip.0")).ToList();
        var work = Path.Join(store, ".cni-index");
        if (Directory.Exists(work))
        {
            odd.AddRange(Directory.GetFiles(work).Select(Path.GetFileName).Where(f => f != "index"));
        }
        Assert.True(odd.Count == 0, "unexpected files in the store: " + string.Join(", ", odd));
    }

    [Fact]
    public async Task Concurrent_host_local_processes_get_distinct_addresses_and_exhaustion_is_clean()
    {
        Root.Require();
        var dir = Directory.CreateTempSubdirectory("cnir-lock-").FullName;
        try
        {
            var network = "cnir-lock-" + Guid.NewGuid().ToString("N")[..6];
            var store = Path.Join(dir, network);
            // 32 addresses; 40 processes ask at once.
            var conf = HostLocalConf(network, dir, """{"subnet":"198.18.168.0/24","rangeStart":"198.18.168.10","rangeEnd":"198.18.168.41"}""");
            var ids = Enumerable.Range(0, 40).Select(i => $"{network}-c{i}").ToList();

            for (int round = 1; round <= 2; round++)
            {
                var outcomes = await Task.WhenAll(Parallel("ADD", ids, conf));
                var won = ids.Zip(outcomes).Where(p => p.Second.Exit == 0).ToDictionary(p => p.First, p => AddressOf(p.Second));
                var lost = outcomes.Where(o => o.Exit != 0).ToList();

                Assert.Equal(32, won.Count);
                Assert.Equal(32, won.Values.Distinct().Count());
                Assert.All(lost, o =>
                {
                    var e = o.Error();
                    Assert.True(e.Code == 11 && e.Msg.Contains("no IP addresses available", StringComparison.Ordinal), $"exhaustion error: {o}");
                });
                // The store is exactly the winners: one file per address, naming its owner; nothing half-written.
                AssertStoreClean(store);
                var files = Directory.GetFiles(store).Where(f => System.Net.IPAddress.TryParse(Path.GetFileName(f), out _))
                    .ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f));
                Assert.Equal(won.Values.Order(), files.Keys.Order());
                Assert.All(won, w => Assert.Equal(w.Key + "\r\neth0", files[w.Value]));

                var dels = await Task.WhenAll(Parallel("DEL", ids, conf));
                Assert.All(dels, o => Assert.True(o.Exit == 0, $"DEL: {o}"));
                AssertStoreClean(store);
                Assert.DoesNotContain(Directory.GetFiles(store), f => System.Net.IPAddress.TryParse(Path.GetFileName(f), out _));
                output.WriteLine($"round {round}: 40 concurrent host-local ADDs on 32 addresses: 32 distinct, {lost.Count} x code 11; 40 concurrent DELs: store empty");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Concurrent_del_and_gc_of_the_same_attachments_all_succeed_and_leave_nothing()
    {
        Root.Require();
        using var node = new Node("delgc", "198.18.169.0/24");
        var ct = TestContext.Current.CancellationToken;
        var pods = Enumerable.Range(0, 12).Select(i =>
        {
            var path = node.NewPod();
            var id = $"{node.Name}-c{i}";
            return new RuntimeConf { ContainerId = id, NetNS = path, IfName = "eth0", CapabilityArgs = Node.CapArgsElement(22000 + i) };
        }).ToList();
        await Task.WhenAll(pods.Select(rt => node.Cni.AddNetworkListAsync(node.List, rt, ct)));
        Assert.Equal(12, node.Reservations().Count);
        Assert.Equal(12, node.Cni.GetCachedAttachments().Count);

        // Every attachment is deleted twice at once, while three GCs with nothing valid run.
        var calls = new List<Task>();
        foreach (var rt in pods)
        {
            calls.Add(Task.Run(() => node.Cni.DelNetworkListAsync(node.List, rt, ct), ct));
            calls.Add(Task.Run(() => node.Cni.DelNetworkListAsync(node.List, rt, ct), ct));
        }
        for (int i = 0; i < 3; i++)
        {
            calls.Add(Task.Run(() => node.Cni.GCNetworkListAsync(node.List, new GCArgs([]), ct), ct));
        }
        var all = Task.WhenAll(calls);
        try
        {
            await all;
        }
        catch (Exception)
        {
            var errors = all.Exception!.InnerExceptions.Select(e => e.Message);
            Assert.Fail("concurrent DEL/GC failed:\n" + string.Join('\n', errors));
        }
        Assert.Empty(node.Cni.GetCachedAttachments());
        pods.ForEach(rt => Assert.Empty(Node.PodLinks(rt.NetNS)));
        var leaks = node.Leaks();
        Assert.True(leaks.Count == 0, "left behind:\n" + string.Join('\n', leaks));
        output.WriteLine("12 attachments, 24 concurrent DELs and 3 GCs: all succeeded, leaks: 0");
    }

    [Fact]
    public void Full_disk_under_the_store_fails_cleanly_and_recovers()
    {
        Root.Require();
        var mount = Directory.CreateTempSubdirectory("cnir-disk-").FullName;
        Proc.Ok("mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "cnir-disk", mount);
        try
        {
            using var node = new Node("disk", "198.18.170.0/24", chain: false, dataDir: mount);
            // A first attachment creates the store directory, lock and index while there is room.
            var first = node.NewPod();
            Assert.True(node.Cnitool("add", first, 0).Exit == 0);
            Assert.True(node.Cnitool("del", first, 0).Exit == 0);

            var filler = Path.Join(mount, "filler");
            using (var f = File.Create(filler))
            {
                var page = new byte[4096];
                try
                {
                    while (true)
                    {
                        f.Write(page);
                        f.Flush();
                    }
                }
                catch (IOException)
                {
                    // ENOSPC: the disk is full.
                }
            }
            Assert.True(new FileInfo(filler).Length > 0, "the filler wrote nothing");

            var pod = node.NewPod();
            var id = Node.ContainerIdOf(pod);
            var add = node.Cnitool("add", pod, 0);
            Assert.True(add.Exit != 0, $"ADD on a full disk succeeded: {add}");
            Assert.Contains("no space left on device", add.Stderr, StringComparison.OrdinalIgnoreCase);

            // host-local alone answers with an I/O error object (code 5).
            var direct = CniBinary.Exec("host-local", CniBinary.Env("ADD", containerId: id + "x", netns: pod),
                HostLocalConf(node.Name, mount, """{"subnet":"198.18.170.0/24"}"""));
            var error = direct.Error();
            Assert.True(error.Code == 5 && error.Message.Contains("space", StringComparison.OrdinalIgnoreCase), $"host-local on a full disk: {direct}");

            AssertStoreClean(node.StoreDir);
            Assert.Empty(node.Reservations());
            Assert.Empty(Node.PodLinks(pod));
            var leaks = node.Leaks(id);
            Assert.True(leaks.Count == 0, "left behind by the failed ADD:\n" + string.Join('\n', leaks));

            // Room again: the same pod attaches and detaches normally.
            File.Delete(filler);
            var retry = node.Cnitool("add", pod, 0);
            Assert.True(retry.Exit == 0, $"ADD after freeing space: {retry}");
            Assert.Single(node.Reservations());
            Assert.True(node.Cnitool("del", pod, 0).Exit == 0);
            Assert.Empty(node.Leaks(id));
            AssertStoreClean(node.StoreDir);
            output.WriteLine($"full 64 KiB tmpfs: ADD failed with \"{add.Stderr.Trim()}\"; host-local code {error.Code}; nothing left; ADD works after freeing space");
        }
        finally
        {
            if (Proc.Run("umount", [mount]).Exit != 0)
            {
                Proc.Run("umount", ["-l", mount]);
            }
            Directory.Delete(mount, recursive: true);
        }
    }
}
